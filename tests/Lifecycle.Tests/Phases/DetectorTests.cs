using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Tests.Support;
using Xunit;

namespace Buildpacks.Lifecycle.Tests.Phases;

public sealed class DetectorTests : IDisposable
{
    private readonly LifecycleWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private static string Provides(string name) => $"cat >> \"$2\" <<'EOF'\n[[provides]]\nname = \"{name}\"\nEOF";

    private static string Requires(string name) => $"cat >> \"$2\" <<'EOF'\n[[requires]]\nname = \"{name}\"\nEOF";

    [Fact]
    public async Task Composite_buildpack_is_flattened_and_a_failing_optional_member_is_left_out()
    {
        _ws.AddBuildpack("test/a", detect: Provides("x") + "\n" + Requires("x"));
        _ws.AddBuildpack("test/b", detect: "exit 100");
        _ws.AddBuildpack("test/c", detect: "exit 0");
        _ws.AddComposite("test/composite", "2.0.0", """
            [[order]]
            [[order.group]]
            id = "test/a"
            version = "1.0.0"
            [[order.group]]
            id = "test/b"
            version = "1.0.0"
            optional = true
            """);
        _ws.WriteOrder([("test/composite", "2.0.0", false), ("test/c", "1.0.0", false)]);

        var result = await _ws.DetectAsync();

        Assert.Equal(["test/a", "test/c"], result.Group.Select(e => e.Id));
        var group = GroupToml.Read(_ws.GroupPath);
        Assert.Equal(["test/a@1.0.0", "test/c@1.0.0"], group.Select(e => e.ToString()));
        Assert.Equal("0.10", group[0].Api);
        Assert.Equal("https://example.com/test/a", group[0].Homepage);
        var groupText = File.ReadAllText(_ws.GroupPath);
        Assert.DoesNotContain("optional", groupText, StringComparison.Ordinal);
        Assert.DoesNotContain("test/composite", groupText, StringComparison.Ordinal);
        var plan = PlanToml.Read(_ws.PlanPath);
        var entry = Assert.Single(plan.Entries);
        Assert.Equal("test/a", Assert.Single(entry.Providers).Id);
        Assert.Equal("x", Assert.Single(entry.Requires).Name);
    }

    [Fact]
    public async Task Optional_composite_without_a_passing_group_is_skipped_and_the_group_goes_on()
    {
        _ws.AddBuildpack("test/fails", detect: "exit 100");
        _ws.AddBuildpack("test/passes");
        _ws.AddComposite("test/composite", "1.0.0", """
            [[order]]
            [[order.group]]
            id = "test/fails"
            version = "1.0.0"
            """);
        _ws.WriteOrder([("test/composite", "1.0.0", true), ("test/passes", "1.0.0", false)]);

        var result = await _ws.DetectAsync();

        Assert.Equal(["test/passes"], result.Group.Select(e => e.Id));
        Assert.Equal(["test/passes"], GroupToml.Read(_ws.GroupPath).Select(e => e.Id));
    }

    [Fact]
    public async Task Second_group_is_tried_when_the_first_fails()
    {
        _ws.AddBuildpack("test/fails", detect: "exit 100");
        _ws.AddBuildpack("test/passes");
        _ws.WriteOrder([("test/fails", "1.0.0", false)], [("test/passes", "1.0.0", false)]);

        var result = await _ws.DetectAsync();

        Assert.Equal(["test/passes"], GroupToml.Read(_ws.GroupPath).Select(e => e.Id));
        Assert.Empty(result.Plan.Entries);
    }

    [Fact]
    public async Task Or_alternatives_are_written_to_the_plan_from_the_first_trial_that_resolves()
    {
        // test/a requires "jdk" or, failing that, provides and requires "jre" itself; nothing provides jdk.
        _ws.AddBuildpack("test/a", detect: """
            cat >> "$2" <<'EOF'
            [[requires]]
            name = "jdk"
            [[or]]
            [[or.provides]]
            name = "jre"
            [[or.requires]]
            name = "jre"
            [or.requires.metadata]
            version = "21"
            EOF
            """);
        _ws.WriteOrder([("test/a", "1.0.0", false)]);

        await _ws.DetectAsync();

        var entry = Assert.Single(PlanToml.Read(_ws.PlanPath).Entries);
        Assert.Equal("test/a", Assert.Single(entry.Providers).Id);
        var require = Assert.Single(entry.Requires);
        Assert.Equal("jre", require.Name);
        Assert.Equal("21", require.Metadata["version"]);
        Assert.Contains("[entries.requires.metadata]", File.ReadAllText(_ws.PlanPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_detect_exits_20()
    {
        _ws.AddBuildpack("test/fails", detect: "exit 100");
        _ws.WriteOrder([("test/fails", "1.0.0", false)]);

        var e = await Assert.ThrowsAsync<LifecycleException>(_ws.DetectAsync);

        Assert.Equal(20, e.ExitCode);
        Assert.Contains("No buildpack groups passed detection", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.GroupPath));
        Assert.False(File.Exists(_ws.PlanPath));
    }

    [Fact]
    public async Task An_erroring_detect_exits_21_naming_the_buildpack()
    {
        _ws.AddBuildpack("test/errors", detect: "echo broken >&2\nexit 1");
        _ws.AddBuildpack("test/fails", detect: "exit 100");
        _ws.WriteOrder([("test/errors", "1.0.0", false)], [("test/fails", "1.0.0", false)]);

        var e = await Assert.ThrowsAsync<LifecycleException>(_ws.DetectAsync);

        Assert.Equal(21, e.ExitCode);
        Assert.Contains("test/errors@1.0.0", e.Message, StringComparison.Ordinal);
        Assert.Contains("exited with code 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("broken", _ws.Log.OutputOf("test/errors"));
        Assert.False(File.Exists(_ws.GroupPath));
    }

    [Fact]
    public async Task An_erroring_optional_buildpack_does_not_fail_the_group()
    {
        _ws.AddBuildpack("test/errors", detect: "exit 3");
        _ws.AddBuildpack("test/passes");
        _ws.WriteOrder([("test/errors", "1.0.0", true), ("test/passes", "1.0.0", false)]);

        var result = await _ws.DetectAsync();

        Assert.Equal(["test/passes"], result.Group.Select(e => e.Id));
    }

    [Fact]
    public async Task A_require_that_nothing_provides_fails_the_group_with_20()
    {
        _ws.AddBuildpack("test/needs", detect: Requires("node"));
        _ws.WriteOrder([("test/needs", "1.0.0", false)]);

        var e = await Assert.ThrowsAsync<LifecycleException>(_ws.DetectAsync);

        Assert.Equal(20, e.ExitCode);
        Assert.Contains(_ws.Log.Messages, m => m.Message == "fail: test/needs@1.0.0 requires node");
    }

    [Fact]
    public async Task An_optional_buildpack_whose_require_is_unmet_is_removed_from_the_group()
    {
        _ws.AddBuildpack("test/needs", detect: Requires("node"));
        _ws.AddBuildpack("test/plain");
        _ws.WriteOrder([("test/needs", "1.0.0", true), ("test/plain", "1.0.0", false)]);

        await _ws.DetectAsync();

        Assert.Equal(["test/plain"], GroupToml.Read(_ws.GroupPath).Select(e => e.Id));
        Assert.Empty(PlanToml.Read(_ws.PlanPath).Entries);
    }

    [Fact]
    public async Task Provides_of_an_earlier_buildpack_meet_requires_of_a_later_one()
    {
        _ws.AddBuildpack("test/provider", detect: Provides("node"));
        _ws.AddBuildpack("test/consumer", detect: "cat >> \"$2\" <<'EOF'\n[[requires]]\nname = \"node\"\n[requires.metadata]\nversion = \"22\"\nEOF");
        _ws.WriteOrder([("test/provider", "1.0.0", false), ("test/consumer", "1.0.0", false)]);

        await _ws.DetectAsync();

        var entry = Assert.Single(PlanToml.Read(_ws.PlanPath).Entries);
        Assert.Equal("test/provider", Assert.Single(entry.Providers).Id);
        Assert.Equal("22", Assert.Single(entry.Requires).Metadata["version"]);
    }

    [Fact]
    public async Task A_buildpack_in_many_groups_is_detected_once()
    {
        var counter = Path.Combine(_ws.Root, "count");
        _ws.AddBuildpack("test/counted", detect: $"echo run >> {counter}\nexit 0");
        _ws.AddBuildpack("test/fails", detect: "exit 100");
        _ws.WriteOrder(
            [("test/counted", "1.0.0", false), ("test/fails", "1.0.0", false)],
            [("test/counted", "1.0.0", false), ("test/fails", "1.0.0", false)],
            [("test/counted", "1.0.0", false)]);

        await _ws.DetectAsync();

        Assert.Single(File.ReadAllLines(counter));
        Assert.Equal(["test/counted"], GroupToml.Read(_ws.GroupPath).Select(e => e.Id));
    }

    [Fact]
    public async Task A_repeated_id_in_a_flattened_group_is_skipped()
    {
        _ws.AddBuildpack("test/a");
        _ws.AddComposite("test/composite", "1.0.0", """
            [[order]]
            [[order.group]]
            id = "test/a"
            version = "1.0.0"
            """);
        _ws.WriteOrder([("test/a", "1.0.0", false), ("test/composite", "1.0.0", false)]);

        await _ws.DetectAsync();

        Assert.Equal(["test/a"], GroupToml.Read(_ws.GroupPath).Select(e => e.Id));
    }

    [Fact]
    public async Task Detect_gets_positional_arguments_env_vars_and_a_filtered_environment()
    {
        var envOut = Path.Combine(_ws.Root, "detect-env");
        _ws.WriteFile(Path.Combine(_ws.PlatformDir, "env", "USER_VAR"), "from-platform");
        _ws.AddBuildpack("test/env", api: "0.12", detect: $"""
            echo "args=$1 $2" > {envOut}
            echo "pwd=$(pwd)" >> {envOut}
            env | sort >> {envOut}
            test -f "$2"
            test ! -s "$2"
            """);
        _ws.WriteOrder([("test/env", "1.0.0", false)]);

        await _ws.DetectAsync();

        var lines = File.ReadAllLines(envOut);
        var planArg = lines[0].Split(' ')[1];
        Assert.Equal($"args={_ws.PlatformDir} {planArg}", lines[0]);
        Assert.Equal($"pwd={_ws.AppDir}", lines[1]);
        Assert.Contains($"CNB_PLATFORM_DIR={_ws.PlatformDir}", lines);
        Assert.Contains($"CNB_BUILD_PLAN_PATH={planArg}", lines);
        Assert.Contains($"CNB_BUILDPACK_DIR={Path.Combine(_ws.BuildpacksDir, "test_env", "1.0.0")}", lines);
        Assert.Contains("CNB_EXEC_ENV=production", lines);
        Assert.Contains("CNB_TARGET_OS=linux", lines);
        Assert.Contains(lines, l => l.StartsWith("CNB_TARGET_ARCH=", StringComparison.Ordinal));
        Assert.Contains("USER_VAR=from-platform", lines);
        Assert.Contains("PATH=/usr/local/bin:/usr/bin:/bin", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("LIFECYCLE_SECRET", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Clear_env_buildpacks_do_not_get_the_platform_env()
    {
        var envOut = Path.Combine(_ws.Root, "detect-env");
        _ws.WriteFile(Path.Combine(_ws.PlatformDir, "env", "USER_VAR"), "from-platform");
        _ws.AddBuildpack("test/clear", buildpackTableExtra: "clear-env = true", detect: $"env > {envOut}");
        _ws.WriteOrder([("test/clear", "1.0.0", false)]);

        await _ws.DetectAsync();

        Assert.DoesNotContain("USER_VAR=from-platform", File.ReadAllLines(envOut));
    }

    [Fact]
    public async Task A_missing_bin_detect_is_an_error_naming_the_buildpack_and_the_file()
    {
        var dir = _ws.AddBuildpack("test/nodetect", detect: null);
        _ws.WriteOrder([("test/nodetect", "1.0.0", false)]);

        var e = await Assert.ThrowsAsync<LifecycleException>(_ws.DetectAsync);

        Assert.Equal(21, e.ExitCode);
        Assert.Contains("test/nodetect@1.0.0", e.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(dir, "bin", "detect") + " does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_buildpack_toml_exits_22_naming_the_buildpack_the_file_and_the_line()
    {
        var dir = _ws.AddBuildpack("test/bad");
        File.WriteAllText(Path.Combine(dir, "buildpack.toml"), "api = \"0.10\"\n[buildpack]\nid = \"test/bad\"\nversion = = \"1.0.0\"\n");
        _ws.WriteOrder([("test/bad", "1.0.0", false)]);

        var e = await Assert.ThrowsAsync<LifecycleException>(_ws.DetectAsync);

        Assert.Equal(22, e.ExitCode);
        Assert.Contains("test/bad@1.0.0", e.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(dir, "buildpack.toml") + ":4:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_buildpack_exits_22()
    {
        _ws.WriteOrder([("test/absent", "1.0.0", false)]);

        var e = await Assert.ThrowsAsync<LifecycleException>(_ws.DetectAsync);

        Assert.Equal(22, e.ExitCode);
        Assert.Contains("test/absent@1.0.0 not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsupported_buildpack_api_exits_12()
    {
        _ws.AddBuildpack("test/old", api: "0.2");
        _ws.WriteOrder([("test/old", "1.0.0", false)]);

        var e = await Assert.ThrowsAsync<LifecycleException>(_ws.DetectAsync);

        Assert.Equal(12, e.ExitCode);
    }

    [Fact]
    public async Task A_require_with_a_top_level_version_is_a_buildpack_error()
    {
        _ws.AddBuildpack("test/versioned", detect: "cat >> \"$2\" <<'EOF'\n[[provides]]\nname = \"x\"\n[[requires]]\nname = \"x\"\nversion = \"1\"\nEOF");
        _ws.WriteOrder([("test/versioned", "1.0.0", false)]);

        var e = await Assert.ThrowsAsync<LifecycleException>(_ws.DetectAsync);

        Assert.Equal(21, e.ExitCode);
        Assert.Contains("metadata.version", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Buildpacks_whose_exec_env_excludes_the_current_one_are_skipped()
    {
        _ws.AddBuildpack("test/testonly", api: "0.12", buildpackTableExtra: "exec-env = [\"test\"]");
        _ws.AddBuildpack("test/any", api: "0.12", buildpackTableExtra: "[[buildpack.exec-env]]\nname = \"*\"");
        _ws.WriteOrder([("test/testonly", "1.0.0", false), ("test/any", "1.0.0", false)]);

        await _ws.DetectAsync();

        Assert.Equal(["test/any"], GroupToml.Read(_ws.GroupPath).Select(e => e.Id));
    }

    [Fact]
    public async Task System_buildpacks_are_added_before_and_after_every_group()
    {
        _ws.AddBuildpack("sys/pre");
        _ws.AddBuildpack("sys/post");
        _ws.AddBuildpack("test/app");
        _ws.WriteOrder([("test/app", "1.0.0", false)]);
        var systemPath = Path.Combine(_ws.Root, "cnb", "system.toml");
        _ws.WriteFile(systemPath, """
            [system]
            [[system.pre.buildpacks]]
            id = "sys/pre"
            version = "1.0.0"
            [[system.post.buildpacks]]
            id = "sys/post"
            version = "1.0.0"
            """);

        var result = await new Lifecycle.Phases.Detector(_ws.Inputs() with { SystemPath = systemPath }, _ws.Log).RunAsync(CancellationToken.None);

        Assert.Equal(["sys/pre", "test/app", "sys/post"], result.Group.Select(e => e.Id));
    }

    [Fact]
    public async Task A_required_buildpack_whose_target_does_not_match_the_run_image_errors()
    {
        _ws.AddBuildpack("test/windows", extraToml: "[[targets]]\nos = \"windows\"");
        _ws.WriteOrder([("test/windows", "1.0.0", false)]);
        _ws.WriteFile(Path.Combine(_ws.LayersDir, "analyzed.toml"), """
            [run-image]
            reference = "example.com/run@sha256:abc"
            [run-image.target]
            os = "linux"
            arch = "amd64"
            [run-image.target.distro]
            name = "debian"
            version = "12"
            """);

        var e = await Assert.ThrowsAsync<LifecycleException>(_ws.DetectAsync);

        Assert.Equal(21, e.ExitCode);
        Assert.Contains("unable to satisfy target os/arch constraints", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detect_output_is_streamed_with_the_buildpack_id()
    {
        _ws.AddBuildpack("test/talks", detect: "echo hello\necho oops >&2");
        _ws.WriteOrder([("test/talks", "1.0.0", false)]);

        await _ws.DetectAsync();

        var lines = _ws.Log.Output.Where(l => l.BuildpackId == "test/talks").ToList();
        Assert.Contains(lines, l => l.Text == "hello" && l.Stream == Logging.BuildpackOutputStream.StandardOutput && l.Executable == Logging.BuildpackExecutable.Detect);
        Assert.Contains(lines, l => l.Text == "oops" && l.Stream == Logging.BuildpackOutputStream.StandardError);
    }

    [Fact]
    public async Task An_unreadable_order_exits_1_naming_the_file()
    {
        _ws.WriteFile(_ws.OrderPath, "[[order]\n");

        var e = await Assert.ThrowsAsync<LifecycleException>(_ws.DetectAsync);

        Assert.Equal(1, e.ExitCode);
        Assert.Contains(_ws.OrderPath + ":1:", e.Message, StringComparison.Ordinal);
    }
}
