using Buildpacks.Images.References;
using Buildpacks.Lifecycle.Cli;
using Buildpacks.Lifecycle.Platform;
using Xunit;

namespace Buildpacks.Lifecycle.Tests.Cli;

/// <summary>
/// How a phase's command line fills its <see cref="LifecycleInputs"/>: a flag over its <c>CNB_*</c> variable over the
/// default (Platform API, "Inputs"), only for the inputs whose flags the phase defines.
/// </summary>
public sealed class PhaseInputsTests
{
    private static readonly PlatformApi Api = PlatformApi.Resolve("0.15");

    private static GoFlags DetectorFlags() =>
        new GoFlags().String("app").String("buildpacks").String("build-config").String("group").String("layers")
            .String("order").String("plan").String("platform").String("analyzed").String("system");

    private static GoFlags CreatorFlags() =>
        new GoFlags().String("app").String("layers").String("gid").String("uid").String("launcher").String("order")
            .String("previous-image").String("process-type").String("report").String("run").String("run-image").Bool("skip-restore");

    private static GoFlags AnalyzerFlags() =>
        new GoFlags().String("analyzed").String("layers").String("gid").String("uid").String("run").Bool("skip-layers");

    private static LifecycleInputs Fill(GoFlags flags, string[] args, params (string Name, string Value)[] variables)
    {
        var environment = variables.ToDictionary(v => v.Name, v => v.Value);
        var console = new ConsoleOutput(new StringWriter(), new StringWriter());
        return PhaseInputs.ParseWithImages(flags, args, environment, console).ToLifecycleInputs(Api, new RecordingUserSwitch());
    }

    [Fact]
    public void A_flag_wins_over_its_variable_which_wins_over_the_default()
    {
        Assert.Equal("/flag", Fill(DetectorFlags(), ["-layers", "/flag"], ("CNB_LAYERS_DIR", "/env")).LayersDir);
        Assert.Equal("/env", Fill(DetectorFlags(), [], ("CNB_LAYERS_DIR", "/env")).LayersDir);
        Assert.Equal("/layers", Fill(DetectorFlags(), []).LayersDir);
        Assert.Equal("/layers", Fill(DetectorFlags(), [], ("CNB_LAYERS_DIR", "")).LayersDir);
    }

    [Fact]
    public void Every_directory_and_builder_file_reads_its_flag_and_variable()
    {
        var byFlag = Fill(
            DetectorFlags(),
            ["-app", "/a", "-buildpacks", "/b", "-build-config", "/c", "-platform", "/p", "-order", "/o.toml", "-system", "/s.toml"]);
        var byVariable = Fill(
            DetectorFlags(),
            [],
            ("CNB_APP_DIR", "/a"), ("CNB_BUILDPACKS_DIR", "/b"), ("CNB_BUILD_CONFIG_DIR", "/c"), ("CNB_PLATFORM_DIR", "/p"),
            ("CNB_ORDER_PATH", "/o.toml"), ("CNB_SYSTEM_PATH", "/s.toml"));

        foreach (var inputs in new[] { byFlag, byVariable })
        {
            Assert.Equal(
                ("/a", "/b", "/c", "/p", "/o.toml", "/s.toml"),
                (inputs.AppDir, inputs.BuildpacksDir, inputs.BuildConfigDir, inputs.PlatformDir, inputs.OrderPath, inputs.SystemPath));
        }
    }

    [Fact]
    public void The_builders_files_not_given_are_the_platform_api_defaults()
    {
        var inputs = Fill(CreatorFlags(), []);

        Assert.Equal(("/cnb/build-config", "/cnb/system.toml", "/cnb/run.toml", "/cnb/lifecycle/launcher"), (inputs.BuildConfigDir, inputs.SystemPath, inputs.RunPath, inputs.LauncherPath));
    }

    [Fact]
    public void The_files_under_the_layers_directory_follow_the_layers_flag_unless_named()
    {
        var inputs = Fill(DetectorFlags(), ["-layers", "/l", "-plan", "/p/plan.toml"], ("CNB_GROUP_PATH", "/g/group.toml"));

        Assert.Equal(("/l/analyzed.toml", "/g/group.toml", "/p/plan.toml"), (inputs.AnalyzedPath, inputs.GroupPath, inputs.PlanPath));
    }

    [Fact]
    public void An_input_whose_flag_the_phase_does_not_define_keeps_its_default_whatever_its_variable()
    {
        // The creator takes no -group, -plan or -analyzed: its files stay in the layers directory.
        var inputs = Fill(CreatorFlags(), ["-layers", "/l"], ("CNB_GROUP_PATH", "/g/group.toml"), ("CNB_ANALYZED_PATH", "/a/analyzed.toml"));

        Assert.Equal(("/l/group.toml", "/l/analyzed.toml"), (inputs.GroupPath, inputs.AnalyzedPath));
    }

    [Fact]
    public void The_ids_default_to_this_process_and_a_flag_wins_over_the_variable()
    {
        Assert.Equal((4321, 4322), Id(Fill(CreatorFlags(), [])));
        Assert.Equal((1000, 1001), Id(Fill(CreatorFlags(), [], ("CNB_USER_ID", "1000"), ("CNB_GROUP_ID", "1001"))));
        Assert.Equal((2000, 1001), Id(Fill(CreatorFlags(), ["-uid", "2000"], ("CNB_USER_ID", "1000"), ("CNB_GROUP_ID", "1001"))));

        var malformed = Assert.Throws<LifecycleException>(() => Fill(CreatorFlags(), [], ("CNB_USER_ID", "cnb")));
        Assert.Equal(3, malformed.ExitCode);

        static (int, int) Id(LifecycleInputs inputs) => (inputs.Uid, inputs.Gid);
    }

    [Fact]
    public void The_creators_skip_restore_is_the_analyzers_skip_layers()
    {
        Assert.True(Fill(CreatorFlags(), ["-skip-restore"]).SkipLayers);
        Assert.True(Fill(CreatorFlags(), [], ("CNB_SKIP_RESTORE", "true")).SkipLayers);
        Assert.False(Fill(CreatorFlags(), ["-skip-restore=false"], ("CNB_SKIP_RESTORE", "true")).SkipLayers);
        Assert.True(Fill(AnalyzerFlags(), [], ("CNB_SKIP_LAYERS", "1")).SkipLayers);
        Assert.False(Fill(AnalyzerFlags(), [], ("CNB_SKIP_RESTORE", "true")).SkipLayers);
    }

    [Fact]
    public void Images_exec_env_and_process_type_come_from_their_flags_and_variables()
    {
        var inputs = Fill(
            CreatorFlags(),
            ["-run-image", "registry.example/run:2"],
            ("CNB_RUN_IMAGE", "registry.example/run:1"), ("CNB_PREVIOUS_IMAGE", "registry.example/app:0"),
            ("CNB_EXEC_ENV", "test"), ("CNB_PROCESS_TYPE", "worker"));

        Assert.Equal("registry.example/run:2", inputs.RunImage);
        Assert.Equal(ImageReference.Parse("registry.example/app:0"), inputs.PreviousImage);
        Assert.Equal(("test", "worker"), (inputs.ExecEnv, inputs.DefaultProcessType));
        Assert.Equal("production", Fill(CreatorFlags(), []).ExecEnv);

        var malformed = Assert.Throws<LifecycleException>(() => Fill(CreatorFlags(), ["-previous-image", "Not An Image"]));
        Assert.Equal(3, malformed.ExitCode);
    }
}
