using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Launch;
using Buildpacks.Lifecycle.Logging;

namespace Buildpacks.Lifecycle.Tests.Launch;

/// <summary>Platform API "launcher": which process runs, with which arguments, directly or through the shell.</summary>
public sealed class ProcessResolverTests : IDisposable
{
    private readonly LaunchApp _app = new();

    public void Dispose() => _app.Dispose();

    private ProcessResolver Resolver(string processesToml, string api = "0.10", string execEnv = "production", string platformApi = "0.15")
    {
        _app.WriteMetadata([("test/bp", api)], processesToml);
        return new ProcessResolver(MetadataToml.Read(_app.Inputs().MetadataPath), _app.Inputs(platformApi, execEnv), _app.Log);
    }

    private const string Web = """
        [[processes]]
        type = "web"
        command = ["server"]
        args = ["--port", "8080"]
        direct = true
        buildpack-id = "test/bp"

        """;

    [Fact]
    public void The_process_type_is_the_final_path_element_of_argv0()
    {
        var process = Resolver(Web).Resolve("/cnb/process/web", []);

        Assert.Equal("web", process.Type);
        Assert.Equal("server", process.Command);
        Assert.Equal(["--port", "8080"], process.Args);
        Assert.True(process.Direct);
    }

    [Fact]
    public void An_argv0_that_is_no_process_type_makes_the_arguments_the_command()
    {
        var process = Resolver(Web).Resolve("/cnb/lifecycle/launcher", ["echo", "hi"]);

        Assert.Null(process.Type);
        Assert.Equal("echo", process.Command);
        Assert.Equal(["hi"], process.Args);
        Assert.False(process.Direct);
        Assert.Equal(_app.AppDir, process.WorkingDirectory);
    }

    [Fact]
    public void A_double_dash_makes_the_user_command_direct()
    {
        var process = Resolver(Web).Resolve("/cnb/lifecycle/launcher", ["--", "echo", "a b"]);

        Assert.Equal("echo", process.Command);
        Assert.Equal(["a b"], process.Args);
        Assert.True(process.Direct);
    }

    [Fact]
    public void No_process_type_and_no_arguments_fails_with_82()
    {
        var error = Assert.Throws<LifecycleException>(() => Resolver(Web).Resolve("/cnb/lifecycle/launcher", []));

        Assert.Equal(82, error.ExitCode);
        Assert.Contains("a command is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_double_dash_without_a_command_fails_with_82()
    {
        var error = Assert.Throws<LifecycleException>(() => Resolver(Web).Resolve("/cnb/lifecycle/launcher", ["--"]));

        Assert.Equal(82, error.ExitCode);
    }

    [Fact]
    public void CNB_PROCESS_TYPE_is_ignored_with_a_warning()
    {
        var process = Resolver(Web).Resolve("/cnb/lifecycle/launcher", ["--", "true"], processTypeVariable: "web");

        Assert.Null(process.Type);
        Assert.Equal("true", process.Command);
        Assert.Contains(_app.Log.Messages, m => m.Level == LifecycleLogLevel.Warn && m.Message.Contains("CNB_PROCESS_TYPE is not supported", StringComparison.Ordinal));
    }

    [Fact]
    public void User_arguments_replace_the_default_args_for_Buildpack_API_0_9_and_later()
    {
        var process = Resolver(Web, api: "0.9").Resolve("/cnb/process/web", ["--port", "9090"]);

        Assert.Equal(["--port", "9090"], process.Args);
        Assert.True(process.Direct);
    }

    [Fact]
    public void User_arguments_are_appended_to_the_args_below_Buildpack_API_0_9()
    {
        const string legacy = """
            [[processes]]
            type = "web"
            command = "server"
            args = ["--port", "8080"]
            direct = false
            buildpack-id = "test/bp"

            """;

        var process = Resolver(legacy, api: "0.8").Resolve("/cnb/process/web", ["--verbose"]);

        Assert.Equal(["--port", "8080", "--verbose"], process.Args);
        Assert.False(process.Direct);
    }

    [Fact]
    public void Without_user_arguments_the_default_args_are_kept()
    {
        var process = Resolver(Web).Resolve("/cnb/process/web", []);

        Assert.Equal(["--port", "8080"], process.Args);
    }

    [Theory]
    [InlineData(new string[0], new[] { "-jar", "app.jar", "--default" })]
    [InlineData(new[] { "--user" }, new[] { "-jar", "app.jar", "--user" })]
    public void The_rest_of_a_multi_element_command_is_always_passed(string[] userArgs, string[] expected)
    {
        const string java = """
            [[processes]]
            type = "web"
            command = ["java", "-jar", "app.jar"]
            args = ["--default"]
            direct = true
            buildpack-id = "test/bp"

            """;

        var process = Resolver(java).Resolve("/cnb/process/web", userArgs);

        Assert.Equal("java", process.Command);
        Assert.Equal(expected, process.Args);
    }

    [Fact]
    public void A_process_working_dir_is_used_and_defaults_to_the_app_dir()
    {
        const string processes = """
            [[processes]]
            type = "web"
            command = ["server"]
            direct = true
            buildpack-id = "test/bp"
            working-dir = "/srv/site"

            [[processes]]
            type = "worker"
            command = ["worker"]
            direct = true
            buildpack-id = "test/bp"

            """;
        var resolver = Resolver(processes);

        Assert.Equal("/srv/site", resolver.Resolve("/cnb/process/web", []).WorkingDirectory);
        Assert.Equal(_app.AppDir, resolver.Resolve("/cnb/process/worker", []).WorkingDirectory);
    }

    private const string ExecEnvProcesses = """
        [[processes]]
        type = "web"
        command = ["server"]
        direct = true
        buildpack-id = "test/bp"
        exec-env = ["production"]

        [[processes]]
        type = "tests"
        command = ["run-tests"]
        direct = true
        buildpack-id = "test/bp"
        exec-env = ["test"]

        [[processes]]
        type = "any"
        command = ["anything"]
        direct = true
        buildpack-id = "test/bp"
        exec-env = ["*"]

        """;

    [Theory]
    [InlineData("production", "web")]
    [InlineData("production", "any")]
    [InlineData("test", "tests")]
    [InlineData("test", "any")]
    public void A_process_is_eligible_when_its_exec_env_names_the_current_one_or_star(string execEnv, string type)
    {
        var process = Resolver(ExecEnvProcesses, api: "0.12", execEnv: execEnv).Resolve($"/cnb/process/{type}", []);

        Assert.Equal(type, process.Type);
    }

    [Fact]
    public void An_ineligible_process_type_fails_with_82()
    {
        var error = Assert.Throws<LifecycleException>(
            () => Resolver(ExecEnvProcesses, api: "0.12", execEnv: "production").Resolve("/cnb/process/tests", []));

        Assert.Equal(82, error.ExitCode);
        Assert.Contains("production", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Platform_API_below_0_15_does_not_filter_by_exec_env()
    {
        var process = Resolver(ExecEnvProcesses, api: "0.12", execEnv: "production", platformApi: "0.14").Resolve("/cnb/process/tests", []);

        Assert.Equal("tests", process.Type);
    }
}
