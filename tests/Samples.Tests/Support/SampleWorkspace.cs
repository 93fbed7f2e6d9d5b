using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Phases;
using Buildpacks.Lifecycle.Platform;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Samples.Tests.Support;

/// <summary>
/// A platform layout (layers, platform, /cnb/buildpacks, order.toml) holding the sample .NET buildpacks in the
/// sample builder's order, with a stand-in for the build image's runtimes, where tests run our detector and builder
/// in process on an app dir.
/// </summary>
internal sealed class SampleWorkspace : IDisposable
{
    public const string RuntimeId = "buildpacks-msbuild/dotnet-runtime";
    public const string AppId = "buildpacks-msbuild/dotnet-app";
    public const string Version = "0.1.0";

    private readonly TempDirectory _temp = new("samples-ws");

    public SampleWorkspace(string appDir)
    {
        AppDir = appDir;
        foreach (var id in new[] { RuntimeId, AppId })
        {
            DirectoryCopy.Copy(Path.Combine(RepositoryPaths.SampleBuildpacks, id.Split('/')[1]), Path.Combine(BuildpacksDir, BuildpackId.Escape(id), Version));
        }

        Directory.CreateDirectory(LayersDir);
        // The sample builder's order (samples/builder/builder.toml): the runtime is optional.
        _temp.WriteFile("cnb/order.toml", $"""
            [[order]]
            [[order.group]]
            id = "{RuntimeId}"
            version = "{Version}"
            optional = true

            [[order.group]]
            id = "{AppId}"
            version = "{Version}"
            """);
        SetPlatformEnv("BP_DOTNET_RUNTIMES_ROOT", HostRuntimes.WriteManifest(RuntimesRoot));
    }

    public string AppDir { get; }

    public string LayersDir => _temp.Combine("layers");

    public string PlatformDir => _temp.Combine("platform");

    public string BuildpacksDir => _temp.Combine("cnb", "buildpacks");

    /// <summary>Where the stand-in runtimes manifest lives (BP_DOTNET_RUNTIMES_ROOT).</summary>
    public string RuntimesRoot => _temp.Combine("runtimes");

    public string GroupPath => Path.Combine(LayersDir, "group.toml");

    public string PlanPath => Path.Combine(LayersDir, "plan.toml");

    public RecordingLog Log { get; } = new();

    /// <summary>The directory of a buildpack's layers.</summary>
    public string LayersOf(string id) => Path.Combine(LayersDir, BuildpackId.Escape(id));

    /// <summary>A user-provided variable (<c>&lt;platform&gt;/env/NAME</c>), as <c>pack build --env</c> gives.</summary>
    public void SetPlatformEnv(string name, string value) => _temp.WriteFile(Path.Combine("platform", "env", name), value);

    /// <summary>The lifecycle inputs of this layout: no build-config dir, system.toml or run.toml (none of this machine's <c>/cnb</c>).</summary>
    public LifecycleInputs Inputs() => new()
    {
        PlatformApi = PlatformApi.Resolve("0.15"),
        AppDir = AppDir,
        LayersDir = LayersDir,
        BuildpacksDir = BuildpacksDir,
        PlatformDir = PlatformDir,
        OrderPath = _temp.Combine("cnb", "order.toml"),
        BuildConfigDir = null,
        SystemPath = null,
        RunPath = null,
        HostEnvironment = HostEnvironment,
    };

    public Task<DetectResult> DetectAsync() => new Detector(Inputs(), Log).RunAsync(CancellationToken.None);

    public Task<BuildMetadata> BuildAsync() => new Builder(Inputs(), Log).RunAsync(CancellationToken.None);

    public async Task<BuildMetadata> DetectAndBuildAsync()
    {
        await DetectAsync();
        return await BuildAsync();
    }

    public void Dispose() => _temp.Dispose();

    // The lifecycle's own environment: what a build container has (the buildpacks need bash, jq and coreutils).
    private static Dictionary<string, string> HostEnvironment => new()
    {
        ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
        ["HOME"] = "/root",
    };
}
