namespace Buildpacks.TestInfrastructure.Buildpacks;

/// <summary>Bodies of a fixture buildpack's <c>bin/detect</c> (Buildpack API, "Detection").</summary>
public static class DetectScript
{
    /// <summary>Writes <paramref name="planToml"/> (<c>[[provides]]</c>, <c>[[requires]]</c>) to the build plan and passes.</summary>
    public static string Plan(string planToml) =>
        $"cat >> \"${{CNB_BUILD_PLAN_PATH:-$2}}\" <<'PLAN'\n{planToml.ReplaceLineEndings("\n").TrimEnd('\n')}\nPLAN\nexit 0";

    /// <summary>Fails detection (exit 100), saying <paramref name="reason"/>.</summary>
    public static string Fail(string reason) => $"echo {BuildScript.Quote(reason)}\nexit 100";
}
