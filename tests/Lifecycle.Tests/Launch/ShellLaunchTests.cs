using System.Diagnostics;
using Buildpacks.Lifecycle.Launch;

namespace Buildpacks.Lifecycle.Tests.Launch;

/// <summary>
/// Platform API "launcher", "Execution" with a shell: profile scripts, working dir, token evaluation. The prepared
/// Bash command line is run for real (as a child process instead of in place of the test host).
/// </summary>
public sealed class ShellLaunchTests : IDisposable
{
    private readonly LaunchApp _app = new();

    public void Dispose() => _app.Dispose();

    private static async Task<string> RunAsync(LaunchCommand command)
    {
        var start = new ProcessStartInfo(command.ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = command.WorkingDirectory,
        };
        start.Environment.Clear();
        foreach (var (name, value) in command.Environment)
        {
            start.Environment[name] = value;
        }

        foreach (var arg in command.Argv.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, stderr);
        return stdout;
    }

    private const string LegacyWeb = """
        [[processes]]
        type = "web"
        command = "echo \"web:$GREETING:$(pwd)\""
        direct = false
        buildpack-id = "test/legacy"
        working-dir = "/tmp"

        """;

    [Fact]
    public async Task A_legacy_shell_process_sources_profiles_in_order_then_runs_in_its_working_dir()
    {
        _app.WriteMetadata([("test/legacy", "0.8")], LegacyWeb);
        var layer = _app.AddLayer("test/legacy", "runtime");
        LaunchApp.WriteFile(layer, "profile.d/web/1.sh", "GREETING=\"$GREETING-web\"");
        LaunchApp.WriteFile(layer, "profile.d/1.sh", "GREETING=layer");
        LaunchApp.WriteFile(_app.AppDir, ".profile", "export GREETING=\"$GREETING-app\"");

        var command = _app.Launcher().Prepare("/cnb/process/web", [], _app.Environment);

        Assert.Equal(ShellLaunch.BashPath, command.ExecutablePath);
        Assert.Equal("web:layer-web-app:/tmp\n", await RunAsync(command));
    }

    [Fact]
    public async Task Arguments_are_evaluated_by_the_shell_one_token_each()
    {
        _app.WriteMetadata([("test/legacy", "0.8")]);
        _app.Environment["SPACED"] = "two words";

        var command = _app.Launcher().Prepare("/cnb/lifecycle/launcher", ["printf", "[%s]", "$SPACED", "a b"], _app.Environment);

        Assert.Equal("[two words][a b]", await RunAsync(command));
    }

    [Fact]
    public async Task A_user_command_without_double_dash_runs_as_a_script_in_the_app_dir()
    {
        _app.WriteMetadata([("test/legacy", "0.8")]);
        _app.Environment["X"] = "value of x";

        var command = _app.Launcher().Prepare("/cnb/lifecycle/launcher", ["echo \"$X\" && pwd"], _app.Environment);

        Assert.Equal($"value of x\n{_app.AppDir}\n", await RunAsync(command));
    }

    [Fact]
    public void Direct_processes_never_source_profiles()
    {
        const string modern = """
            [[processes]]
            type = "web"
            command = ["echo", "hi"]
            buildpack-id = "test/modern"
            direct = true

            """;
        _app.WriteMetadata([("test/modern", "0.9")], modern);
        LaunchApp.WriteFile(_app.AddLayer("test/modern", "runtime"), "profile.d/1.sh", "exit 1");
        LaunchApp.WriteFile(_app.AppDir, ".profile", "exit 1");

        var command = _app.Launcher().Prepare("/cnb/process/web", [], _app.Environment);

        Assert.NotEqual(ShellLaunch.BashPath, command.ExecutablePath);
        Assert.EndsWith("/echo", command.ExecutablePath, StringComparison.Ordinal);
        Assert.Equal(["echo", "hi"], command.Argv);
        Assert.DoesNotContain(command.Argv, a => a.Contains("profile", StringComparison.Ordinal));
    }
}
