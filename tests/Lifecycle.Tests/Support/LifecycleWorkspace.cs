using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Phases;
using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Tests.Support;

/// <summary>
/// A temporary platform layout (app, layers, platform, buildpacks, build-config dirs) where tests write fixture
/// buildpacks as small shell scripts and run the detector and builder through the library.
/// </summary>
public sealed class LifecycleWorkspace : IDisposable
{
    // Self-contained rather than TestInfrastructure's TempDirectory: this suite needs nothing else from that project,
    // which brings registry and Docker services along.
    private readonly string _root = Directory.CreateTempSubdirectory("lifecycle-").FullName;

    public LifecycleWorkspace()
    {
        foreach (var dir in new[] { AppDir, LayersDir, PlatformDir, BuildpacksDir, BuildConfigDir })
        {
            Directory.CreateDirectory(dir);
        }
    }

    public string Root => _root;

    public string AppDir => Combine("workspace");

    public string LayersDir => Combine("layers");

    public string PlatformDir => Combine("platform");

    public string BuildpacksDir => Combine("cnb", "buildpacks");

    public string BuildConfigDir => Combine("cnb", "build-config");

    public string OrderPath => Combine("cnb", "order.toml");

    public string SystemPath => Combine("cnb", "system.toml");

    public string RunPath => Combine("cnb", "run.toml");

    public string GroupPath => Path.Combine(LayersDir, "group.toml");

    public string PlanPath => Path.Combine(LayersDir, "plan.toml");

    public string MetadataPath => Path.Combine(LayersDir, "config", "metadata.toml");

    public RecordingLog Log { get; } = new();

    /// <summary>The lifecycle's own environment in tests: a PATH, a HOME, and a variable that must not leak.</summary>
    public Dictionary<string, string> HostEnvironment { get; } = new()
    {
        ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
        ["HOME"] = "/root",
        ["LIFECYCLE_SECRET"] = "must-not-leak",
    };

    public PlatformApi PlatformApi { get; set; } = PlatformApi.Resolve("0.15");

    /// <summary>Writes a component buildpack with shell-script executables; returns its directory.</summary>
    public string AddBuildpack(
        string id,
        string version = "1.0.0",
        string api = "0.10",
        string? detect = "exit 0",
        string? build = "exit 0",
        string extraToml = "",
        string buildpackTableExtra = "")
    {
        var dir = Path.Combine(BuildpacksDir, BuildpackId.Escape(id), version);
        Directory.CreateDirectory(Path.Combine(dir, "bin"));
        File.WriteAllText(
            Path.Combine(dir, "buildpack.toml"),
            $"""
            api = "{api}"

            [buildpack]
            id = "{id}"
            version = "{version}"
            name = "Test {id}"
            homepage = "https://example.com/{id}"
            {buildpackTableExtra}

            {extraToml}
            """);
        if (detect is not null)
        {
            WriteExecutable(Path.Combine(dir, "bin", "detect"), detect);
        }

        if (build is not null)
        {
            WriteExecutable(Path.Combine(dir, "bin", "build"), build);
        }

        return dir;
    }

    /// <summary>Writes a composite buildpack whose buildpack.toml has <paramref name="orderToml"/>.</summary>
    public string AddComposite(string id, string version, string orderToml, string api = "0.10")
    {
        var dir = Path.Combine(BuildpacksDir, BuildpackId.Escape(id), version);
        Directory.CreateDirectory(dir);
        File.WriteAllText(
            Path.Combine(dir, "buildpack.toml"),
            $"""
            api = "{api}"

            [buildpack]
            id = "{id}"
            version = "{version}"

            {orderToml}
            """);
        return dir;
    }

    /// <summary>Writes order.toml with one group per argument; each group is a list of (id, version, optional).</summary>
    public void WriteOrder(params (string Id, string Version, bool Optional)[][] groups)
    {
        var text = string.Join(
            "\n",
            groups.Select(g => "[[order]]\n" + string.Concat(g.Select(e =>
                $"[[order.group]]\nid = \"{e.Id}\"\nversion = \"{e.Version}\"\n" + (e.Optional ? "optional = true\n" : "")))));
        Directory.CreateDirectory(Path.GetDirectoryName(OrderPath)!);
        File.WriteAllText(OrderPath, text);
    }

    public void WriteFile(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>
    /// The lifecycle inputs of this layout: every directory and builder file in the workspace (none of this machine's
    /// <c>/cnb</c>), the files under the layers directory at their defaults.
    /// </summary>
    public LifecycleInputs Inputs() => new()
    {
        PlatformApi = PlatformApi,
        AppDir = AppDir,
        LayersDir = LayersDir,
        BuildpacksDir = BuildpacksDir,
        PlatformDir = PlatformDir,
        BuildConfigDir = BuildConfigDir,
        OrderPath = OrderPath,
        SystemPath = SystemPath,
        RunPath = RunPath,
        HostEnvironment = HostEnvironment,
    };

    public Task<DetectResult> DetectAsync() => new Detector(Inputs(), Log).RunAsync(CancellationToken.None);

    public Task<BuildMetadata> BuildAsync() => new Builder(Inputs(), Log).RunAsync(CancellationToken.None);

    /// <summary>Detects then builds, as a platform would.</summary>
    public async Task<BuildMetadata> DetectAndBuildAsync()
    {
        await DetectAsync();
        return await BuildAsync();
    }

    public string BuildpackLayersDir(string id) => Path.Combine(LayersDir, BuildpackId.Escape(id));

    public string ReadText(params string[] relativeToRoot) => File.ReadAllText(Path.Combine([Root, .. relativeToRoot]));

    /// <summary>Writes a POSIX shell script that stops at the first failing command.</summary>
    public static void WriteExecutable(string path, string body) => WriteScript(path, "#!/bin/sh\nset -e\n" + body);

    /// <summary>Writes an executable file with exactly <paramref name="text"/> (plus a final newline).</summary>
    public static void WriteScript(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    private string Combine(params string[] parts) => Path.Combine([_root, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp dir must not fail a test.
        }
    }
}
