using System.Text.Json.Nodes;
using Buildpacks.Images.Layers;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.Lifecycle.Export;
using Buildpacks.Lifecycle.Phases;
using Buildpacks.Lifecycle.Platform;
using Buildpacks.Lifecycle.Tests.Support;

namespace Buildpacks.Lifecycle.Tests.Export;

/// <summary>
/// What export, rebase and create tests share: a busybox run image written with the image engine, a fixture buildpack
/// that makes launch, cache and build layers, processes, labels and an SBOM, and exporter options over a workspace.
/// </summary>
internal static class ExportTestKit
{
    public const string StackId = "io.buildpacks.test.stack";

    /// <summary>
    /// Writes a run image: <c>/bin/busybox</c> with <c>/bin/sh</c> linking to it, glibc, and <c>/etc/run-image-version</c>
    /// holding <paramref name="version"/>; user 1000:1000; stack and distro labels, <c>io.buildpacks.base.description</c> the version.
    /// </summary>
    public static async Task<ImageWriteResult> WriteRunImageAsync(
        IImageStore store, ImageReference reference, string scratch, string version = "v1", string architecture = "amd64", IReadOnlyDictionary<string, string>? extraLabels = null)
    {
        Directory.CreateDirectory(scratch);
        var busybox = await LayerWriter.WriteEntriesAsync(
            [
                LayerEntry.Directory("bin"),
                LayerEntry.File("bin/busybox", LayerEntryContent.FromFile("/bin/busybox"), LayerModes.Executable),
                LayerEntry.Symlink("bin/sh", "busybox"),
                LayerEntry.Directory("tmp", (UnixFileMode)0x3FF | UnixFileMode.StickyBit),
                .. GlibcEntries(),
            ],
            Path.Combine(scratch, $"busybox-{Guid.NewGuid():N}.tgz"));
        var marker = await LayerWriter.WriteEntriesAsync(
            [LayerEntry.TextFile("etc/run-image-version", version + "\n")],
            Path.Combine(scratch, $"marker-{Guid.NewGuid():N}.tgz"));
        var labels = new Dictionary<string, string>
        {
            ["io.buildpacks.stack.id"] = StackId,
            ["io.buildpacks.base.distro.name"] = "busybox",
            ["io.buildpacks.base.distro.version"] = "1.36",
            ["io.buildpacks.base.description"] = version,
        };
        foreach (var (key, value) in extraLabels ?? new Dictionary<string, string>())
        {
            labels[key] = value;
        }

        var created = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return await store.WriteImageAsync(
            new ImageWriteRequest
            {
                Tags = [reference],
                Layers = [busybox.ToLayerToWrite(), marker.ToLayerToWrite()],
                Config = new ImageConfig
                {
                    Architecture = architecture,
                    Os = "linux",
                    Created = created,
                    Config = new ContainerConfig
                    {
                        User = "1000:1000",
                        Env = ["PATH=/usr/local/bin:/usr/bin:/bin"],
                        Labels = labels,
                    },
                    History =
                    [
                        new HistoryEntry { Created = created, CreatedBy = "busybox" },
                        new HistoryEntry { Created = created, CreatedBy = "marker " + version },
                    ],
                },
            },
            CancellationToken.None);
    }

    /// <summary>
    /// The host's glibc loader, libc and libm: the NativeAOT launcher is linked against them, and busybox alone has none.
    /// </summary>
    private static IEnumerable<LayerEntry> GlibcEntries()
    {
        const string libDir = "/lib/x86_64-linux-gnu";
        foreach (var name in new[] { "ld-linux-x86-64.so.2", "libc.so.6", "libm.so.6" })
        {
            var host = File.ResolveLinkTarget(Path.Combine(libDir, name), returnFinalTarget: true)?.FullName ?? Path.Combine(libDir, name);
            yield return LayerEntry.File("lib/x86_64-linux-gnu/" + name, LayerEntryContent.FromFile(host), LayerModes.Executable);
        }

        yield return LayerEntry.Symlink("lib64/ld-linux-x86-64.so.2", libDir + "/ld-linux-x86-64.so.2");
    }

    /// <summary>
    /// A buildpack that makes: launch layer <c>runtime</c> (env var, a file holding <paramref name="runtimeContent"/>),
    /// cache-only layer <c>deps</c>, launch+cache layer <c>tools</c>, processes <c>web</c> (default) and <c>worker</c>, a label,
    /// a launch SBOM, store.toml.
    /// </summary>
    public static void AddFixtureBuildpack(LifecycleWorkspace ws, string runtimeContent = "runtime-1", string id = "test/runtime", string beforeBuild = "")
    {
        ws.AddBuildpack(id, api: "0.10", buildpackTableExtra: "sbom-formats = [\"application/vnd.cyclonedx+json\"]", build: $$"""
            {{beforeBuild}}
            mkdir -p "$1/runtime/bin" "$1/runtime/env.launch" "$1/deps" "$1/tools"
            printf '[types]\nlaunch = true\n[metadata]\nversion = "1.2"\nflavor = "plain"\n' > "$1/runtime.toml"
            printf '{{runtimeContent}}' > "$1/runtime/bin/content"
            printf 'hello from runtime' > "$1/runtime/env.launch/GREETING"
            printf '[types]\ncache = true\n' > "$1/deps.toml"
            printf 'cached-deps' > "$1/deps/data"
            printf '[types]\nlaunch = true\ncache = true\n' > "$1/tools.toml"
            printf 'tool' > "$1/tools/tool"
            printf '{"bomFormat":"CycloneDX"}' > "$1/runtime.sbom.cdx.json"
            printf '[metadata]\nbuilds = 1\n' > "$1/store.toml"
            cat > "$1/launch.toml" <<'TOML'
            [[processes]]
            type = "web"
            command = ["/bin/busybox", "sh", "-c", "echo web: $GREETING; cat /etc/run-image-version"]
            default = true

            [[processes]]
            type = "worker"
            command = ["/bin/busybox", "echo", "worker"]
            args = ["running"]

            [[labels]]
            key = "io.example.team"
            value = "shop"
            TOML
            """);
    }

    /// <summary>A detect-always buildpack group of <see cref="AddFixtureBuildpack"/> and an app dir with a few files.</summary>
    public static async Task PrepareBuildAsync(LifecycleWorkspace ws, string runtimeContent = "runtime-1")
    {
        AddFixtureBuildpack(ws, runtimeContent);
        ws.WriteOrder([("test/runtime", "1.0.0", false)]);
        ws.WriteFile(Path.Combine(ws.AppDir, "app.txt"), "the app");
        ws.WriteFile(Path.Combine(ws.AppDir, "static", "index.html"), "<h1>hi</h1>");
        await ws.DetectAndBuildAsync();
    }

    /// <summary>A stand-in launcher for tests that do not run the image.</summary>
    public static string StandInLauncher(LifecycleWorkspace ws)
    {
        var path = Path.Combine(ws.Root, "stand-in-launcher");
        if (!File.Exists(path))
        {
            LifecycleWorkspace.WriteScript(path, "#!/bin/sh\necho stand-in launcher");
        }

        return path;
    }

    /// <summary>
    /// Export inputs over the workspace: <paramref name="image"/> written to <paramref name="store"/> on
    /// <paramref name="runImage"/>, which <see cref="ExportAsync"/> takes as the run image the analyzer found.
    /// </summary>
    public static LifecycleInputs Options(LifecycleWorkspace ws, IImageStore store, ImageReference image, ImageReference runImage) => ws.Inputs() with
    {
        LauncherPath = StandInLauncher(ws),
        Uid = 1000,
        Gid = 1000,
        Store = store,
        Tags = [image],
        RunImage = runImage.ToString(),
        ReportPath = Path.Combine(ws.LayersDir, "report.toml"),
    };

    /// <summary>
    /// Exports as if the analyzer had found <paramref name="inputs"/>' run image (recorded under
    /// <paramref name="runImageName"/>, else its own name, with <paramref name="runImageMirrors"/>) and their previous image.
    /// </summary>
    public static Task<ExportResult> ExportAsync(
        LifecycleWorkspace ws, LifecycleInputs inputs, string? runImageName = null, IReadOnlyList<string>? runImageMirrors = null) =>
        new Exporter(inputs, ws.Log).ExportAsync(
            new AnalyzedExportInputs(ImageReference.Parse(inputs.RunImage!), runImageName ?? inputs.RunImage, runImageMirrors, inputs.PreviousImage),
            CancellationToken.None);

    public static RegistrySettings RegistrySettings() => new()
    {
        DockerConfig = null,
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromSeconds(2),
    };

    public static JsonObject Label(StoredImage image, string key) => (JsonObject)JsonNode.Parse(image.Labels[key])!;

    public static async Task<StoredImage> ReadAsync(IImageStore store, ImageReference reference) =>
        await store.TryReadImageAsync(reference, Images.Model.ImagePlatform.LinuxAmd64, CancellationToken.None) ?? throw new InvalidOperationException($"{reference} not found");

    /// <summary>The entries of a layer of a stored image.</summary>
    public static async Task<IReadOnlyList<LayerEntryInfo>> EntriesAsync(StoredImage image, ImageLayer layer)
    {
        await using var reader = await LayerReader.OpenAsync(await image.Store.OpenLayerAsync(image, layer, CancellationToken.None));
        var entries = new List<LayerEntryInfo>();
        while (await reader.NextEntryAsync() is { } entry)
        {
            entries.Add(entry);
        }

        return entries;
    }
}
