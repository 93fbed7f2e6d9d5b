using System.Diagnostics;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Tests.Support;
using Buildpacks.TestInfrastructure.Users;
using Xunit;

namespace Buildpacks.Lifecycle.Tests.Cli;

/// <summary>The real executable, run as a child process: as root (these tests run as root) and as an ordinary user.</summary>
public sealed class CliBinaryTests : IDisposable
{
    private const string Setpriv = "/usr/bin/setpriv";
    private readonly LifecycleWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    // Run from copies uid 1000 can reach: the checkout may be in a directory only root can enter.
    private static string CliDll => Path.Combine(ReachableCopies.DirectoryOf(AppContext.BaseDirectory, "lifecycle.*", "*.dll"), "lifecycle.dll");

    private static async Task<(int Code, string Output)> RunAsync(IEnumerable<string> command, IDictionary<string, string> env)
    {
        var start = new ProcessStartInfo(command.First()) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in env)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task The_executable_refuses_to_run_as_root_and_detects_as_an_ordinary_user()
    {
        Assert.True(Environment.UserName == "root", "this suite runs as root, like CI");
        _ws.AddBuildpack("test/app", detect: "echo detecting-as-$(id -u)");
        _ws.WriteOrder([("test/app", "1.0.0", false)]);
        var env = new Dictionary<string, string> { ["CNB_PLATFORM_API"] = "0.15", ["HOME"] = _ws.Root };
        string[] detector =
        [
            "dotnet", CliDll, "detector", "-app", _ws.AppDir, "-layers", _ws.LayersDir, "-buildpacks", _ws.BuildpacksDir,
            "-platform", _ws.PlatformDir, "-order", _ws.OrderPath, "-log-level", "debug",
        ];

        var asRoot = await RunAsync(detector, env);

        Assert.Equal(1, asRoot.Code);
        Assert.Contains("refusing to run as root", asRoot.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.GroupPath));

        Assert.True(File.Exists(Setpriv), "setpriv (util-linux) runs the phase as an ordinary user");
        foreach (var path in Directory.EnumerateFileSystemEntries(_ws.Root, "*", SearchOption.AllDirectories).Append(_ws.Root))
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        }

        var asUser = await RunAsync([Setpriv, "--reuid=1000", "--regid=1000", "--clear-groups", .. detector], env);

        Assert.True(asUser.Code == 0, asUser.Output);
        Assert.Contains("detecting-as-1000", asUser.Output, StringComparison.Ordinal);
        Assert.Equal(["test/app"], GroupToml.Read(_ws.GroupPath).Select(e => e.Id));
    }
}
