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
    public void A_detect_failure_carries_what_the_buildpacks_said_after_the_lifecycles_error()
    {
        var error = PhaseFailure.ForDetect(
            new PhaseOutcome("creator", "c", 20, ["ERROR: No buildpack groups passed detection."]),
            "[a@1] said: nothing to build.");

        Assert.Equal("BP4001", error.Coded.Code);
        Assert.Contains("No buildpack groups passed detection. [a@1] said: nothing to build.", error.Message, StringComparison.Ordinal);
    }
}
