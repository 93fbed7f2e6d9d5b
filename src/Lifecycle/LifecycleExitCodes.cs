namespace Buildpacks.Lifecycle;

/// <summary>
/// The exit codes of the lifecycle binaries. The spec reserves ranges per phase (Platform API, "Exit Codes");
/// the values are the ones the reference lifecycle uses inside those ranges (lifecycle platform/exit.go, cmd/exit.go).
/// </summary>
public static class LifecycleExitCodes
{
    /// <summary>Generic failure; also "refusing to run as root" and unreadable platform files.</summary>
    public const int Failed = 1;

    /// <summary>Invalid command-line arguments.</summary>
    public const int InvalidArguments = 3;

    /// <summary>The Platform API requested through <c>CNB_PLATFORM_API</c> is not supported.</summary>
    public const int IncompatiblePlatformApi = 11;

    /// <summary>A buildpack implements a Buildpack API this lifecycle does not support.</summary>
    public const int IncompatibleBuildpackApi = 12;

    /// <summary>Detect: no group passed and no buildpack errored.</summary>
    public const int FailedDetect = 20;

    /// <summary>Detect: no group passed and at least one buildpack errored.</summary>
    public const int FailedDetectWithErrors = 21;

    /// <summary>Detect: any other detect error (unreadable order, missing buildpack, malformed buildpack.toml).</summary>
    public const int DetectError = 22;

    /// <summary>Analyze: any analyzer error (unreadable previous or run image, no run image, run image without an OS).</summary>
    public const int AnalyzeError = 32;

    /// <summary>Restore: any restorer error (unreadable cache, unwritable layers directory, run image not found).</summary>
    public const int RestoreError = 42;

    /// <summary>Build: a buildpack's <c>bin/build</c> failed (non-zero exit, or could not be executed).</summary>
    public const int FailedBuildWithErrors = 51;

    /// <summary>Build: any other build error (invalid layer or launch metadata, SBOM validation, I/O).</summary>
    public const int BuildError = 52;

    /// <summary>Export: any export error (unreadable inputs, run image missing, writing the image failed).</summary>
    public const int ExportError = 62;

    /// <summary>Rebase: any rebase error, including each refusal (not rebasable, target mismatch, unknown run image).</summary>
    public const int RebaseError = 72;
}
