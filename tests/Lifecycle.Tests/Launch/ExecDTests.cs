using Buildpacks.Lifecycle.Launch;

namespace Buildpacks.Lifecycle.Tests.Launch;

/// <summary>Buildpack API "Exec.d" and Platform API "launcher", "Execution": exec.d executables at launch.</summary>
public sealed class ExecDTests : IDisposable
{
    private readonly LaunchApp _app = new();

    public void Dispose() => _app.Dispose();

    private const string Processes = """
        [[processes]]
        type = "web"
        command = ["true"]
        direct = true
        buildpack-id = "test/bp"

        [[processes]]
        type = "worker"
        command = ["true"]
        direct = true
        buildpack-id = "test/bp"

        """;

    private IReadOnlyDictionary<string, string> EnvironmentOf(string type)
    {
        _app.WriteMetadata([("test/bp", "0.10")], Processes);
        return _app.Launcher().Prepare($"/cnb/process/{type}", [], _app.Environment).Environment;
    }

    [Fact]
    public void Variables_written_to_fd_3_override_the_launch_environment()
    {
        var layer = _app.AddLayer("test/bp", "runtime");
        LaunchApp.WriteFile(layer, "env/GREETING", "from env file");
        LaunchApp.WriteScript(layer, "exec.d/greeting", """echo 'GREETING = "from exec.d"' >&3""");

        Assert.Equal("from exec.d", EnvironmentOf("web")["GREETING"]);
    }

    [Fact]
    public void An_executable_runs_in_the_app_dir_with_the_launch_environment()
    {
        var layer = _app.AddLayer("test/bp", "runtime");
        LaunchApp.WriteFile(layer, "env/FROM_LAYER", "layer-value");
        LaunchApp.WriteScript(layer, "exec.d/inspect", """printf 'SEEN = "%s"\nDIR = "%s"\n' "$FROM_LAYER" "$(pwd)" >&3""");

        var env = EnvironmentOf("web");

        Assert.Equal("layer-value", env["SEEN"]);
        Assert.Equal(_app.AppDir, env["DIR"]);
    }

    [Fact]
    public void Executables_run_by_name_then_process_specific_ones_each_seeing_earlier_output()
    {
        var layer = _app.AddLayer("test/bp", "runtime");
        LaunchApp.WriteScript(layer, "exec.d/02-second", """echo "TRAIL = \"${TRAIL}2\"" >&3""");
        LaunchApp.WriteScript(layer, "exec.d/01-first", """echo "TRAIL = \"${TRAIL}1\"" >&3""");
        LaunchApp.WriteScript(layer, "exec.d/web/01-web", """echo "TRAIL = \"${TRAIL}w\"" >&3""");

        Assert.Equal("12w", EnvironmentOf("web")["TRAIL"]);
        Assert.Equal("12", EnvironmentOf("worker")["TRAIL"]);
    }

    [Fact]
    public void Layers_run_their_executables_in_name_order()
    {
        LaunchApp.WriteScript(_app.AddLayer("test/bp", "b"), "exec.d/x", """echo "TRAIL = \"${TRAIL}b\"" >&3""");
        LaunchApp.WriteScript(_app.AddLayer("test/bp", "a"), "exec.d/x", """echo "TRAIL = \"${TRAIL}a\"" >&3""");

        Assert.Equal("ab", EnvironmentOf("web")["TRAIL"]);
    }

    [Fact]
    public void Standard_output_is_a_log_not_variables()
    {
        var layer = _app.AddLayer("test/bp", "runtime");
        LaunchApp.WriteScript(layer, "exec.d/chatty", """echo 'STDOUT_VAR = "x"'; echo 'FD3_VAR = "y"' >&3""");

        var env = EnvironmentOf("web");

        Assert.False(env.ContainsKey("STDOUT_VAR"));
        Assert.Equal("y", env["FD3_VAR"]);
    }

    [Fact]
    public void A_failing_executable_fails_the_launch_with_82()
    {
        var layer = _app.AddLayer("test/bp", "runtime");
        var script = LaunchApp.WriteScript(layer, "exec.d/broken", "exit 3");

        var error = Assert.Throws<LifecycleException>(() => EnvironmentOf("web"));

        Assert.Equal(82, error.ExitCode);
        Assert.Contains(script, error.Message, StringComparison.Ordinal);
        Assert.Contains("exit status 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_cannot_be_executed_fails_the_launch_with_82()
    {
        var layer = _app.AddLayer("test/bp", "runtime");
        LaunchApp.WriteFile(layer, "exec.d/not-executable", "echo hi");

        var error = Assert.Throws<LifecycleException>(() => EnvironmentOf("web"));

        Assert.Equal(82, error.ExitCode);
        Assert.Contains("not-executable", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NUMBER = 42")]
    [InlineData("not toml at all")]
    public void Output_that_is_not_string_values_fails_the_launch_with_82(string output)
    {
        var layer = _app.AddLayer("test/bp", "runtime");
        LaunchApp.WriteScript(layer, "exec.d/bad", $"echo '{output}' >&3");

        var error = Assert.Throws<LifecycleException>(() => EnvironmentOf("web"));

        Assert.Equal(82, error.ExitCode);
        Assert.Contains("fd 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_parses_as_TOML_basic_strings()
    {
        var variables = ExecDOutput.Parse("A = \"tab\\there\"\nB = \"\"\n", "/x/exec.d/y");

        Assert.Equal("tab\there", variables["A"]);
        Assert.Equal("", variables["B"]);
    }
}
