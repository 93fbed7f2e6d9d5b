using System.Diagnostics;

namespace Buildpacks.Lifecycle.Tests.Launch;

/// <summary>
/// The real NativeAOT launcher, built once per test run by build/build-binaries.sh (which skips the publish when a
/// hash over its inputs is unchanged since the last build).
/// </summary>
public static class LauncherBinary
{
    private static readonly Lazy<Task<string>> Built = new(BuildAsync);

    /// <summary>The path of the launcher binary.</summary>
    public static Task<string> PathAsync() => Built.Value;

    private static async Task<string> BuildAsync()
    {
        var root = RepositoryRoot();
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        start.ArgumentList.Add(Path.Combine(root, "build", "build-binaries.sh"));
        start.ArgumentList.Add("launcher");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"build-binaries.sh failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        return Path.Combine(root, "artifacts", "bin", "linux-x64", "launcher");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Buildpacks.MSBuild.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Buildpacks.MSBuild.sln) is not above the test binaries");
    }
}
