using Buildpacks.Lifecycle.Api;

namespace Buildpacks.Lifecycle.Platform;

/// <summary>
/// The Platform API version a phase runs under, and every behaviour that depends on it. Phases ask this type
/// ("does this platform filter by exec-env?") instead of comparing version numbers themselves, so the
/// per-version rules of the Platform API spec live in this one file.
/// </summary>
public sealed class PlatformApi
{
    /// <summary>The oldest Platform API this lifecycle implements.</summary>
    public static readonly ApiVersion MinSupported = new(0, 12);

    /// <summary>The newest Platform API this lifecycle implements.</summary>
    public static readonly ApiVersion MaxSupported = new(0, 15);

    private PlatformApi(ApiVersion version) => Version = version;

    /// <summary>The newest supported Platform API.</summary>
    public static PlatformApi Latest { get; } = new(MaxSupported);

    /// <summary>The version.</summary>
    public ApiVersion Version { get; }

    /// <summary>
    /// Resolves the Platform API from the value of <c>CNB_PLATFORM_API</c>. The spec says phases must read it before
    /// anything else; the reference lifecycle exits 11 when it is unset, malformed or unsupported.
    /// </summary>
    public static PlatformApi Resolve(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new LifecycleException(
                LifecycleExitCodes.IncompatiblePlatformApi,
                $"please set 'CNB_PLATFORM_API' (supported Platform APIs: {MinSupported}-{MaxSupported})");
        }

        if (!ApiVersion.TryParse(value.Trim(), out var version) || version < MinSupported || version > MaxSupported)
        {
            throw new LifecycleException(
                LifecycleExitCodes.IncompatiblePlatformApi,
                $"platform API version '{value}' is incompatible with the lifecycle (supported: {MinSupported}-{MaxSupported})");
        }

        return new PlatformApi(version);
    }

    /// <summary>
    /// Platform API 0.15 (RFC 0134): buildpacks whose <c>exec-env</c> excludes <c>CNB_EXEC_ENV</c> are skipped in detect,
    /// and <c>system.toml</c> buildpacks are added to every group.
    /// </summary>
    public bool SupportsExecutionEnvironment => Version.AtLeast(new ApiVersion(0, 15));

    /// <summary>Platform API 0.15: the detector reads <c>-system</c> / <c>CNB_SYSTEM_PATH</c>.</summary>
    public bool SupportsSystemBuildpacks => Version.AtLeast(new ApiVersion(0, 15));

    /// <summary>
    /// Platform API 0.15 (RFC 0134): the exporter records <c>CNB_EXEC_ENV</c> in the app image label
    /// <c>io.buildpacks.exec-env</c> (lifecycle phase/exporter.go <c>setLabels</c>).
    /// </summary>
    public bool ExportsExecEnvLabel => Version.AtLeast(new ApiVersion(0, 15));

    /// <summary>
    /// How the rebaser validates an app image, decided by the <c>CNB_PLATFORM_API</c> the image was exported under
    /// (read from its env, not the rebaser's own API; lifecycle phase/rebaser.go): from Platform API 0.12 by target
    /// (os/arch/variant/distro) and the <c>io.buildpacks.rebasable</c> label; before, or when the variable is missing,
    /// by the deprecated stack id and mixins labels.
    /// </summary>
    public static bool AppImageRebasesByTarget(string? appImagePlatformApi) =>
        ApiVersion.TryParse(appImagePlatformApi?.Trim(), out var version) && version.AtLeast(new ApiVersion(0, 12));

    /// <summary>
    /// Platform API 0.12: the analyzer records the run image's target (os, arch, variant, distro) in
    /// <c>analyzed.toml</c> and fails when the run image config has no <c>os</c>; the restorer fills in a missing target.
    /// </summary>
    public bool RecordsRunImageTarget => Version.AtLeast(new ApiVersion(0, 12));

    /// <summary>
    /// Platform API 0.14: the restorer also restores the metadata of a cached layer that was launch=true when the
    /// previous image does not record it (before 0.14 such layers were skipped; lc internal/layer/metadata_restorer.go).
    /// </summary>
    public bool RestoresCachedLaunchLayersMissingFromImage => Version.AtLeast(new ApiVersion(0, 14));

    /// <inheritdoc />
    public override string ToString() => Version.ToString();
}
