namespace Buildpacks.Platform.Docker.Tests;

/// <summary>
/// How a failed container phase reads: a registry's refusal is BP2004 naming the registry, and a failed detection says
/// what each buildpack said (read from the detector's debug output).
/// </summary>
public sealed class FailureReportTests
{
    [Fact]
    public void A_refusal_in_the_exporters_error_lines_is_the_registry_auth_error_naming_the_registry()
    {
        var outcome = new PhaseOutcome("exporter", "c", 62, [
            "Saving 127.0.0.1:41234/refused/app:1...",
            "ERROR: failed to export: The registry 127.0.0.1:41234 requires authentication to push refused/app (401 Unauthorized), and no credentials for it were found in ~/.docker/config.json.",
        ]);

        var error = PhaseFailure.For(outcome, "127.0.0.1:41234");

        Assert.Equal("BP2004", error.Coded.Code);
        Assert.Contains("127.0.0.1:41234", error.Message, StringComparison.Ordinal);
        Assert.Contains("docker login 127.0.0.1:41234", error.Message, StringComparison.Ordinal);
        Assert.Contains("requires authentication", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_failures_and_refusal_words_outside_error_lines_stay_phase_errors()
    {
        var plain = PhaseFailure.For(new PhaseOutcome("exporter", "c", 62, ["a buildpack printed UNAUTHORIZED", "ERROR: failed to export: disk full"]), "r.example");
        var detect = PhaseFailure.For(new PhaseOutcome("detector", "c", 20, ["ERROR: DENIED by nobody"]), "r.example");

        Assert.Equal("BP3011", plain.Coded.Code);
        Assert.Equal("BP4001", detect.Coded.Code);
    }

    [Fact]
    public void Detect_output_is_attributed_to_the_buildpacks_of_the_group_that_printed_it()
    {
        string[] debug =
        [
            "No *.runtimeconfig.json in the app directory",
            "fail: buildpacks-msbuild/dotnet-app@0.1.0",
            "fail: no viable buildpacks in group",
            "checking for a project file",
            "none found",
            "fail: samples/other@1.0.0",
            "pass: samples/optional@2.0.0",
            "skip: samples/quiet@1.0.0",
            "err:  samples/broken@1.0.0 (7)",
            "bin/detect exited with code 7",
            "ERROR: No buildpack groups passed detection.",
        ];

        var said = DetectReport.Summarize(debug);

        Assert.Equal(
            "[buildpacks-msbuild/dotnet-app@0.1.0] said: No *.runtimeconfig.json in the app directory. " +
            "[samples/other@1.0.0, samples/optional@2.0.0, samples/quiet@1.0.0, samples/broken@1.0.0] said: checking for a project file | none found. " +
            "[samples/broken@1.0.0] said: bin/detect exited with code 7.",
            said);
    }

    [Fact]
    public void The_reference_lifecycles_detect_blocks_are_attributed_to_the_buildpack_each_names()
    {
        // phase/detector.go: each buildpack's output and error in a block of its own, then the group's results; the
        // err: line has nothing after it, and the lifecycle's own lines around the blocks are nobody's output.
        string[] debug =
        [
            "Timer: Detector started at 2026-12-07T10:00:00Z",
            "Checking for match against descriptor",
            "======== Output: paketo-buildpacks/dotnet-core-sdk@1.2.3 ========",
            "no *.csproj, *.fsproj or *.vbproj found",
            "======== Output: paketo-buildpacks/broken@1.0.0 ========",
            "starting",
            "======== Error: paketo-buildpacks/broken@1.0.0 ========",
            "exit status 7",
            "======== Results ========",
            "fail: paketo-buildpacks/dotnet-core-sdk@1.2.3",
            "err:  paketo-buildpacks/broken@1.0.0 (7)",
            "pass: paketo-buildpacks/quiet@3.0.0",
            "Resolving plan... (try #1)",
            "fail: no viable buildpacks in group",
            "======== Output: paketo-buildpacks/nodejs@2.0.0 ========",
            "no package.json",
            "======== Results ========",
            "fail: paketo-buildpacks/nodejs@2.0.0",
            "Timer: Detector ran for 20.1ms and ended at 2026-12-07T10:00:00Z",
            "ERROR: No buildpack groups passed detection.",
        ];

        var said = DetectReport.Summarize(debug);

        // The failed run's own output holds the blocks: no second detector run is needed to read them.
        Assert.True(DetectReport.HasBlocks(debug));
        Assert.False(DetectReport.HasBlocks(["fail: samples/other@1.0.0", "ERROR: No buildpack groups passed detection."]));
        Assert.Equal(
            "[paketo-buildpacks/dotnet-core-sdk@1.2.3] said: no *.csproj, *.fsproj or *.vbproj found. " +
            "[paketo-buildpacks/broken@1.0.0] said: starting | exit status 7. " +
            "[paketo-buildpacks/nodejs@2.0.0] said: no package.json.",
            said);
    }

    [Fact]
    public void A_detect_failure_carries_what_the_buildpacks_said_after_the_lifecycles_error()
    {
        var error = PhaseFailure.ForDetect(
            new PhaseOutcome("creator", "c", 20, ["ERROR: No buildpack groups passed detection."]),
            "[a@1] said: nothing to build.");

        Assert.Equal("BP4001", error.Coded.Code);
        Assert.Contains("No buildpack groups passed detection. [a@1] said: nothing to build.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_lifecycle_build_failure_names_the_buildpack_its_exit_code_and_its_last_lines()
    {
        // The reference lifecycle's builder at debug level (phase/builder.go, buildpack/build.go), the second buildpack failing.
        string[] output =
        [
            "===> BUILDING",
            "Starting build",
            "Running build for buildpack samples/first@1.0.0",
            "Looking up buildpack",
            "Finding plan",
            "Running build for buildpack First Buildpack 1.0.0",
            "Creating plan directory",
            "Preparing paths",
            "Running build command",
            "first: all good",
            "Processing layers",
            "Updating environment",
            "Reading output files",
            "Updating buildpack processes",
            "Updating process list",
            "Finished running build for buildpack samples/first@1.0.0",
            "Running build for buildpack samples/dotnet-sdk@2.1.0",
            "Looking up buildpack",
            "Finding plan",
            "Running build for buildpack .NET SDK 2.1.0",
            "Creating plan directory",
            "Preparing paths",
            "Running build command",
            .. Enumerable.Range(1, 25).Select(i => $"restoring package {i}"),
            "error NU1101: Unable to find package Missing.Package",
            "Timer: Builder ran for 2.1s and ended at 2026-12-01T10:00:00Z",
            "ERROR: failed to build: exit status 1",
        ];

        var failure = BuildReport.Read(output);

        Assert.Equal("samples/dotnet-sdk@2.1.0", failure.Buildpack);
        Assert.Equal(1, failure.ExitCode);
        Assert.Equal(BuildReport.LinesKept, failure.LastLines.Count);
        Assert.Equal("error NU1101: Unable to find package Missing.Package", failure.LastLines[^1]);
        Assert.Equal("restoring package 7", failure.LastLines[0]);
        Assert.DoesNotContain(failure.LastLines, l => l.StartsWith("Running build", StringComparison.Ordinal) || l.StartsWith("Timer", StringComparison.Ordinal));
    }

    [Fact]
    public void Our_lifecycles_error_names_the_buildpack_and_the_code_even_without_debug_lines()
    {
        string[] output =
        [
            "===> BUILDING",
            "fixture build fails on purpose",
            "ERROR: buildpack publish-tests/fails@0.0.1: /cnb/buildpacks/publish-tests_fails/0.0.1/bin/build failed with exit code 7",
        ];

        var error = PhaseFailure.For(new PhaseOutcome("creator", "c", 51, output));

        Assert.Equal("BP4002", error.Coded.Code);
        Assert.StartsWith("A buildpack failed to build the app: the buildpack publish-tests/fails@0.0.1 exited with code 7. Its last line:\n  > fixture build fails on purpose\n", error.Coded.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_build_failure_without_a_named_buildpack_says_what_the_lifecycle_said()
    {
        var error = PhaseFailure.For(new PhaseOutcome("builder", "c", 51, ["ERROR: failed to build: layer metadata is invalid"]));

        Assert.Equal("BP4002", error.Coded.Code);
        Assert.Contains("ERROR: failed to build: layer metadata is invalid", error.Coded.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Its last", error.Coded.Text, StringComparison.Ordinal);
    }
}
