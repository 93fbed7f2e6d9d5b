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

    /// <inheritdoc />
    public override string ToString() => Version.ToString();
}
