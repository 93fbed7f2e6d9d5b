using Buildpacks.Lifecycle.Api;

namespace Buildpacks.Lifecycle.Buildpacks;

/// <summary>
/// The Buildpack API a buildpack declares in <c>buildpack.toml</c>, and every behaviour of the buildpack contract that
/// depends on it. The per-version rules of the Buildpack API spec live in this one file.
/// </summary>
public sealed class BuildpackApi
{
    /// <summary>The oldest Buildpack API this lifecycle runs.</summary>
    public static readonly ApiVersion MinSupported = new(0, 7);

    /// <summary>The newest Buildpack API this lifecycle runs.</summary>
    public static readonly ApiVersion MaxSupported = new(0, 12);

    private BuildpackApi(ApiVersion version) => Version = version;

    /// <summary>The version.</summary>
    public ApiVersion Version { get; }

    /// <summary>Parses and checks a declared API; an unsupported one is exit code 12 (Platform API "Exit Codes").</summary>
    /// <param name="value">The <c>api</c> value.</param>
    /// <param name="owner">Names the buildpack and file in the error message.</param>
    public static BuildpackApi Resolve(string? value, string owner)
    {
        if (!ApiVersion.TryParse(value, out var version))
        {
            throw new LifecycleException(
                LifecycleExitCodes.IncompatibleBuildpackApi,
                $"{owner}: buildpack API '{value}' is not a valid API version");
        }

        if (version < MinSupported || version > MaxSupported)
        {
            throw new LifecycleException(
                LifecycleExitCodes.IncompatibleBuildpackApi,
                $"{owner}: buildpack API {version} is incompatible with the lifecycle (supported: {MinSupported}-{MaxSupported})");
        }

        return new BuildpackApi(version);
    }

    /// <summary>Buildpack API 0.8 added <c>CNB_PLATFORM_DIR</c>, <c>CNB_BUILD_PLAN_PATH</c>, <c>CNB_BP_PLAN_PATH</c>, <c>CNB_LAYERS_DIR</c>.</summary>
    public bool ReceivesPathEnvironment => Version.AtLeast(new ApiVersion(0, 8));

    /// <summary>Buildpack API 0.8 added <c>working-dir</c> to processes; below it the key is ignored with a warning.</summary>
    public bool SupportsProcessWorkingDirectory => Version.AtLeast(new ApiVersion(0, 8));

    /// <summary>
    /// Buildpack API 0.9: a process <c>command</c> is an array and processes are always direct (the <c>direct</c> key is
    /// forbidden); below it <c>command</c> is a string and <c>direct</c> defaults to false.
    /// </summary>
    public bool ProcessCommandIsArray => Version.AtLeast(new ApiVersion(0, 9));

    /// <summary>
    /// Buildpack API 0.9 "supports default process args": at launch, user arguments replace the process's <c>args</c>
    /// and the process is direct; below it user arguments are appended and <c>direct</c> is honoured (Platform API,
    /// "launcher").
    /// </summary>
    public bool UserArgsReplaceProcessArgs => Version.AtLeast(new ApiVersion(0, 9));

    /// <summary>Buildpack API 0.10 added the <c>CNB_TARGET_*</c> variables.</summary>
    public bool ReceivesTargetEnvironment => Version.AtLeast(new ApiVersion(0, 10));

    /// <summary>Buildpack API 0.12 added <c>CNB_EXEC_ENV</c> and the buildpack's <c>exec-env</c> declaration.</summary>
    public bool SupportsExecutionEnvironment => Version.AtLeast(new ApiVersion(0, 12));

    /// <inheritdoc />
    public override string ToString() => Version.ToString();
}
