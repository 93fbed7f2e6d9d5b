using Buildpacks.Lifecycle.Cli;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Tests.Support;
using Xunit;

namespace Buildpacks.Lifecycle.Tests.Cli;

public sealed class LifecycleCommandTests : IDisposable
{
    private readonly LifecycleWorkspace _ws = new();
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public void Dispose() => _ws.Dispose();

    private Dictionary<string, string> Environment(params (string Name, string Value)[] extra)
    {
        var env = new Dictionary<string, string>(_ws.HostEnvironment) { ["CNB_PLATFORM_API"] = "0.15" };
        foreach (var (name, value) in extra)
        {
            env[name] = value;
        }

        return env;
    }

    private Task<int> Run(string argv0, IReadOnlyDictionary<string, string> env, bool root, params string[] args) =>
        LifecycleCommand.RunAsync(argv0, args, env, new ConsoleOutput(_out, _err), () => root, CancellationToken.None);

    private string[] DetectorFlags() =>
    [
        "-app", _ws.AppDir, "-layers", _ws.LayersDir, "-buildpacks", _ws.BuildpacksDir, "-platform", _ws.PlatformDir,
        "-order", _ws.OrderPath, "-build-config", _ws.BuildConfigDir, "-log-level", "debug",
    ];

    [Fact]
    public async Task Detector_and_builder_refuse_to_run_as_root()
    {
        foreach (var phase in new[] { "/cnb/lifecycle/detector", "/cnb/lifecycle/builder" })
        {
            var code = await Run(phase, Environment(), root: true);

            Assert.Equal(1, code);
        }

        Assert.Contains("refusing to run as root", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_root_check_reads_the_effective_user_id()
    {
        Assert.Equal(System.Environment.UserName == "root", Privileges.IsRoot());
    }

    [Fact]
    public async Task A_missing_platform_api_exits_11()
    {
        var env = Environment();
        env.Remove("CNB_PLATFORM_API");

        Assert.Equal(11, await Run("detector", env, root: false));
        Assert.Contains("CNB_PLATFORM_API", _err.ToString(), StringComparison.Ordinal);
        Assert.Equal(11, await Run("detector", Environment(("CNB_PLATFORM_API", "0.3")), root: false));
    }

    [Fact]
    public async Task Positional_arguments_and_unknown_flags_exit_3()
    {
        Assert.Equal(3, await Run("detector", Environment(), root: false, "extra"));
        Assert.Equal(3, await Run("builder", Environment(), root: false, "-no-such-flag", "x"));
        Assert.Equal(3, await Run("lifecycle", Environment(), root: false));
    }

    [Fact]
    public async Task Detector_by_argv0_with_flags_then_build_subcommand_with_env_vars_write_the_platform_files()
    {
        _ws.AddBuildpack("test/app", detect: "echo detecting\nprintf '[[provides]]\\nname = \"x\"\\n[[requires]]\\nname = \"x\"\\n' >> \"$2\"", build: "echo building\nprintf '[[processes]]\\ntype = \"web\"\\ncommand = [\"run\"]\\ndefault = true\\n' > \"$1/launch.toml\"");
        _ws.WriteOrder([("test/app", "1.0.0", false)]);

        var detect = await Run("/cnb/lifecycle/detector", Environment(), root: false, DetectorFlags());

        Assert.Equal(0, detect);
        Assert.Equal(["test/app"], GroupToml.Read(_ws.GroupPath).Select(e => e.Id));
        Assert.Single(PlanToml.Read(_ws.PlanPath).Entries);
        Assert.Contains("detecting", _out.ToString(), StringComparison.Ordinal);

        var build = await Run(
            "/cnb/lifecycle/lifecycle",
            Environment(
                ("CNB_APP_DIR", _ws.AppDir),
                ("CNB_LAYERS_DIR", _ws.LayersDir),
                ("CNB_BUILDPACKS_DIR", _ws.BuildpacksDir),
                ("CNB_PLATFORM_DIR", _ws.PlatformDir)),
            root: false,
            "build");

        Assert.Equal(0, build);
        Assert.Contains("building", _out.ToString(), StringComparison.Ordinal);
        Assert.Equal("web", MetadataToml.Read(_ws.MetadataPath).BuildpackDefaultProcessType);
    }

    [Fact]
    public async Task A_failed_detection_exits_20_through_the_cli()
    {
        _ws.AddBuildpack("test/fails", detect: "exit 100");
        _ws.WriteOrder([("test/fails", "1.0.0", false)]);

        Assert.Equal(20, await Run("detector", Environment(), root: false, DetectorFlags()));
        Assert.Contains("No buildpack groups passed detection.", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_build_exits_51_through_the_cli()
    {
        _ws.AddBuildpack("test/fails", build: "exit 1");
        _ws.WriteFile(_ws.GroupPath, "[[group]]\nid = \"test/fails\"\nversion = \"1.0.0\"\napi = \"0.10\"\n");

        var code = await Run("builder", Environment(), root: false, "-app", _ws.AppDir, "-layers", _ws.LayersDir, "-buildpacks", _ws.BuildpacksDir, "-platform", _ws.PlatformDir);

        Assert.Equal(51, code);
    }
}
