using Buildpacks.Lifecycle.Launch;

namespace Buildpacks.Lifecycle.Tests.Launch;

/// <summary>The launcher's inputs and metadata checks, and the command it prepares for a direct process.</summary>
public sealed class LauncherTests : IDisposable
{
    private readonly LaunchApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public void Inputs_default_to_the_spec_paths_and_production()
    {
        var inputs = LauncherInputs.FromEnvironment(new Dictionary<string, string> { ["CNB_PLATFORM_API"] = "0.15" });

        Assert.Equal(("/workspace", "/layers", "production"), (inputs.AppDir, inputs.LayersDir, inputs.ExecEnv));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0.3")]
    [InlineData("9.9")]
    public void A_missing_or_unsupported_Platform_API_fails_with_11(string value)
    {
        var error = Assert.Throws<LifecycleException>(
            () => LauncherInputs.FromEnvironment(new Dictionary<string, string> { ["CNB_PLATFORM_API"] = value }));

        Assert.Equal(11, error.ExitCode);
    }

    [Fact]
    public void Missing_metadata_fails_with_82()
    {
        var error = Assert.Throws<LifecycleException>(() => _app.Launcher());

        Assert.Equal(82, error.ExitCode);
        Assert.Contains("metadata.toml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_buildpack_API_fails_with_12()
    {
        _app.WriteMetadata([("test/ancient", "0.2")]);

        var error = Assert.Throws<LifecycleException>(() => _app.Launcher());

        Assert.Equal(12, error.ExitCode);
    }

    [Fact]
    public void A_direct_process_is_found_on_the_launch_PATH_and_starts_in_its_working_dir()
    {
        const string processes = """
            [[processes]]
            type = "web"
            command = ["serve", "--fixed"]
            args = ["--default"]
            buildpack-id = "test/bp"
            direct = true
            working-dir = "/srv"

            """;
        _app.WriteMetadata([("test/bp", "0.10")], processes);
        var layer = _app.AddLayer("test/bp", "server");
        var serve = LaunchApp.WriteScript(layer, "bin/serve", "true");

        var command = _app.Launcher().Prepare("/cnb/process/web", ["--user"], _app.Environment);

        Assert.Equal(serve, command.ExecutablePath);
        Assert.Equal(["serve", "--fixed", "--user"], command.Argv);
        Assert.Equal("/srv", command.WorkingDirectory);
    }
}
