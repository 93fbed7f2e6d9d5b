using System.Formats.Tar;
using System.Text.Json.Nodes;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Phases;
using Buildpacks.Lifecycle.Platform;
using Buildpacks.Lifecycle.Tests.Support;
using Xunit;
using static Buildpacks.Lifecycle.Tests.Export.ExportTestKit;

namespace Buildpacks.Lifecycle.Tests.Export;

/// <summary>The exported image's shape (notes §3.3), checked in an OCI layout.</summary>
public sealed class ExporterLayoutTests : IDisposable
{
    private static readonly ImageReference App = ImageReference.Parse("example.com/team/app:1.0");
    private static readonly ImageReference Run = ImageReference.Parse("example.com/base/run:latest");

    private readonly LifecycleWorkspace _ws = new();
    private readonly OciLayoutImageStore _store;

    public ExporterLayoutTests()
    {
        _store = new OciLayoutImageStore(Path.Combine(_ws.Root, "oci"));
    }

    public void Dispose() => _ws.Dispose();

    private async Task<Images.Stores.StoredImage> BuildAndExportAsync(Func<LifecycleInputs, LifecycleInputs>? configure = null)
    {
        await WriteRunImageAsync(_store, Run, Path.Combine(_ws.Root, "run"));
        await PrepareBuildAsync(_ws);
        var options = Options(_ws, _store, App, Run);
        await ExportAsync(_ws, configure is null ? options : configure(options));
        return await ReadAsync(_store, App);
    }

    [Fact]
    public async Task Layers_are_run_image_then_launch_layers_sbom_app_launcher_config_and_process_types()
    {
        var image = await BuildAndExportAsync();

        var history = image.Config.History!.Select(h => h.CreatedBy).ToList();
        Assert.Equal(
            [
                "busybox",
                "marker v1",
                "Layer: 'runtime', Created by buildpack: test/runtime@1.0.0",
                "Layer: 'tools', Created by buildpack: test/runtime@1.0.0",
                "Software Bill-of-Materials",
                "Application Layer",
                "Buildpacks Application Launcher",
                "Buildpacks Launcher Config",
                "Buildpacks Process Types",
            ],
            history);
        Assert.Equal(history.Count, image.Layers.Count);
        var run = await ReadAsync(_store, Run);
        Assert.Equal(run.Layers.Select(l => l.DiffId), image.Layers.Take(2).Select(l => l.DiffId));
    }

    [Fact]
    public async Task Config_sets_launcher_env_entrypoint_empty_cmd_app_working_dir_and_keeps_the_run_image_user()
    {
        var image = await BuildAndExportAsync();

        var config = image.Config.Config;
        Assert.Equal(["/cnb/process/web"], config.Entrypoint);
        Assert.Null(config.Cmd);
        Assert.Equal(_ws.AppDir, config.WorkingDir);
        Assert.Equal("1000:1000", config.User);
        Assert.Equal(_ws.LayersDir, config.GetEnv("CNB_LAYERS_DIR"));
        Assert.Equal(_ws.AppDir, config.GetEnv("CNB_APP_DIR"));
        Assert.Equal("0.15", config.GetEnv("CNB_PLATFORM_API"));
        Assert.Equal("quiet", config.GetEnv("CNB_DEPRECATION_MODE"));
        Assert.Equal("/cnb/process:/cnb/lifecycle:/usr/local/bin:/usr/bin:/bin", config.GetEnv("PATH"));
        Assert.Equal(LayerWriteTime, image.Config.Created);
        Assert.All(image.Config.History!.Skip(2), h => Assert.Equal(LayerWriteTime, h.Created));
        Assert.Equal("busybox", image.Labels["io.buildpacks.base.distro.name"]);
    }

    private static readonly DateTimeOffset LayerWriteTime = new(1980, 1, 1, 0, 0, 1, TimeSpan.Zero);

    [Fact]
    public async Task Process_type_flag_sets_the_entrypoint_and_an_unknown_type_fails_with_exit_code_62()
    {
        var image = await BuildAndExportAsync(o => o with { DefaultProcessType = "worker" });
        Assert.Equal(["/cnb/process/worker"], image.Config.Config.Entrypoint);

        var failure = await Assert.ThrowsAsync<LifecycleException>(() => ExportAsync(_ws, Options(_ws, _store, App, Run) with { DefaultProcessType = "missing" }));
        Assert.Equal(62, failure.ExitCode);
        Assert.Contains("tried to set missing to default but it doesn't exist", failure.Message);
    }

    [Fact]
    public async Task Lifecycle_metadata_label_names_every_layer_by_diff_id_with_the_reference_spellings()
    {
        var image = await BuildAndExportAsync();

        var label = Label(image, "io.buildpacks.lifecycle.metadata");
        var diffIds = image.Layers.Select(l => l.DiffId.ToString()).ToList();
        Assert.Equal(["app", "sbom", "buildpacks", "config", "launcher", "process-types", "runImage", "stack"], label.Select(p => p.Key).ToList());
        Assert.Equal(diffIds[5], label["app"]![0]!["sha"]!.GetValue<string>());
        Assert.Equal(diffIds[4], label["sbom"]!["sha"]!.GetValue<string>());
        Assert.Equal(diffIds[6], label["launcher"]!["sha"]!.GetValue<string>());
        Assert.Equal(diffIds[7], label["config"]!["sha"]!.GetValue<string>());
        Assert.Equal(diffIds[8], label["process-types"]!["sha"]!.GetValue<string>());
        var buildpack = label["buildpacks"]![0]!;
        Assert.Equal("test/runtime", buildpack["key"]!.GetValue<string>());
        Assert.Equal(["runtime", "tools"], buildpack["layers"]!.AsObject().Select(p => p.Key).ToList());
        var runtime = buildpack["layers"]!["runtime"]!;
        Assert.Equal(diffIds[2], runtime["sha"]!.GetValue<string>());
        Assert.Equal("""{"flavor":"plain","version":"1.2"}""", runtime["data"]!.ToJsonString());
        Assert.True(runtime["launch"]!.GetValue<bool>());
        Assert.False(runtime["cache"]!.GetValue<bool>());
        Assert.Equal(1, buildpack["store"]!["metadata"]!["builds"]!.GetValue<long>());
        Assert.Equal(diffIds[1], label["runImage"]!["topLayer"]!.GetValue<string>());
        Assert.Equal(Run.ToString(), label["runImage"]!["reference"]!.GetValue<string>());
        Assert.Equal(Run.ToString(), label["stack"]!["runImage"]!["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task Build_metadata_label_has_empty_bom_buildpacks_without_api_and_processes_with_buildpackID()
    {
        var image = await BuildAndExportAsync();

        var label = Label(image, "io.buildpacks.build.metadata");
        Assert.Equal("[]", label["bom"]!.ToJsonString());
        Assert.Equal(
            """[{"id":"test/runtime","version":"1.0.0","homepage":"https://example.com/test/runtime"}]""",
            label["buildpacks"]!.ToJsonString());
        Assert.Equal(
            """{"type":"worker","command":["/bin/busybox","echo","worker"],"args":["running"],"direct":true,"buildpackID":"test/runtime"}""",
            label["processes"]![1]!.ToJsonString());
        Assert.Equal("web", label["buildpack-default-process-type"]!.GetValue<string>());
        Assert.Equal("""{"version":"","source":{"git":{"repository":"","commit":""}}}""", label["launcher"]!.ToJsonString());
        Assert.Equal("shop", image.Labels["io.example.team"]);
        Assert.Equal("production", image.Labels["io.buildpacks.exec-env"]);
        Assert.Equal("{}", image.Labels["io.buildpacks.project.metadata"]);
    }

    [Fact]
    public async Task Platform_labels_are_set_after_the_buildpacks_and_win_over_theirs()
    {
        var image = await BuildAndExportAsync(o => o with { Labels = [new("io.example.team", "platform"), new("org.opencontainers.image.title", "shop")] });

        Assert.Equal("platform", image.Labels["io.example.team"]);
        Assert.Equal("shop", image.Labels["org.opencontainers.image.title"]);
    }

    [Fact]
    public async Task Project_metadata_becomes_the_project_label()
    {
        _ws.WriteFile(Path.Combine(_ws.LayersDir, "project-metadata.toml"), "[source]\ntype = \"git\"\n[source.version]\ncommit = \"abc\"\n[source.metadata]\nrepository = \"https://example.com/r\"\n");
        var image = await BuildAndExportAsync();

        Assert.Equal(
            """{"source":{"type":"git","version":{"commit":"abc"},"metadata":{"repository":"https://example.com/r"}}}""",
            image.Labels["io.buildpacks.project.metadata"]);
    }

    [Fact]
    public async Task Buildpack_layers_have_absolute_names_the_fixed_time_the_export_owner_and_real_parents()
    {
        var image = await BuildAndExportAsync();

        var entries = await EntriesAsync(image, image.Layers[2]);
        var layerDir = Path.Combine(_ws.LayersDir, "test_runtime", "runtime");
        Assert.Contains(entries, e => e.Name == layerDir && e.Type == TarEntryType.Directory && e.Uid == 1000 && e.Gid == 1000);
        Assert.Contains(entries, e => e.Name == layerDir + "/bin/content" && e.Uid == 1000);
        Assert.All(entries, e => Assert.Equal(LayerWriteTime, e.ModificationTime));
        Assert.All(entries, e => Assert.StartsWith("/", e.Name));
        Assert.All(entries, e => Assert.False(e.Name.EndsWith('/'), e.Name));
        var parent = Assert.Single(entries, e => e.Name == _ws.LayersDir);
        Assert.Equal(0, parent.Uid); // the tests run as root: the real owner of the layers dir
        Assert.Equal(File.GetUnixFileMode(_ws.LayersDir), parent.Mode);
        Assert.Equal(entries.Select(e => e.Name).Order(StringComparer.Ordinal), entries.Select(e => e.Name));
    }

    [Fact]
    public async Task Launcher_and_process_type_layers_are_root_owned_with_symlinks_to_the_launcher()
    {
        var image = await BuildAndExportAsync();

        var launcher = await EntriesAsync(image, image.Layers[6]);
        Assert.Equal(["/cnb", "/cnb/lifecycle", "/cnb/lifecycle/launcher"], launcher.Select(e => e.Name));
        Assert.All(launcher, e => Assert.Equal((0, 0, (UnixFileMode)0x1ED), (e.Uid, e.Gid, e.Mode)));
        var processes = await EntriesAsync(image, image.Layers[8]);
        Assert.Equal(["/cnb", "/cnb/process", "/cnb/process/web", "/cnb/process/worker"], processes.Select(e => e.Name));
        Assert.All(processes.Skip(2), e => Assert.Equal((TarEntryType.SymbolicLink, "/cnb/lifecycle/launcher", 0), (e.Type, e.LinkName, e.Uid)));
    }

    [Fact]
    public async Task Image_app_and_layers_dirs_can_be_mapped_to_image_paths()
    {
        var image = await BuildAndExportAsync(o => o with { ImageAppDir = "/workspace", ImageLayersDir = "/layers" });

        Assert.Equal("/workspace", image.Config.Config.WorkingDir);
        Assert.Equal("/layers", image.Config.Config.GetEnv("CNB_LAYERS_DIR"));
        var runtime = await EntriesAsync(image, image.Layers[2]);
        Assert.Equal("/layers", runtime[0].Name);
        Assert.Contains(runtime, e => e.Name == "/layers/test_runtime/runtime/bin/content");
        var app = await EntriesAsync(image, image.Layers[5]);
        Assert.Equal(["/workspace", "/workspace/app.txt", "/workspace/static", "/workspace/static/index.html"], app.Select(e => e.Name));
        Assert.All(app, e => Assert.Equal(1000, e.Uid));
    }

    [Fact]
    public async Task Slices_become_layers_before_the_layer_of_the_remaining_app_files()
    {
        _ws.AddBuildpack("test/slicer", build: """
            printf '[[slices]]\npaths = ["static/*"]\n[[slices]]\npaths = ["nothing-*"]\n' > "$1/launch.toml"
            """);
        await WriteRunImageAsync(_store, Run, Path.Combine(_ws.Root, "run"));
        AddFixtureBuildpack(_ws);
        _ws.WriteOrder([("test/runtime", "1.0.0", false), ("test/slicer", "1.0.0", false)]);
        _ws.WriteFile(Path.Combine(_ws.AppDir, "app.txt"), "the app");
        _ws.WriteFile(Path.Combine(_ws.AppDir, "static", "index.html"), "<h1>hi</h1>");
        await _ws.DetectAndBuildAsync();
        await ExportAsync(_ws, Options(_ws, _store, App, Run) with { ImageAppDir = "/workspace" });
        var image = await ReadAsync(_store, App);

        var history = image.Config.History!.Select(h => h.CreatedBy).ToList();
        var first = history.IndexOf("Application Slice: 1");
        Assert.Equal(["Application Slice: 1", "Application Slice: 2", "Application Slice: 3"], history.Skip(first).Take(3));
        var slice = await EntriesAsync(image, image.Layers[first]);
        Assert.Equal(["/workspace", "/workspace/static", "/workspace/static/index.html"], slice.Select(e => e.Name));
        Assert.Empty(await EntriesAsync(image, image.Layers[first + 1]));
        var rest = await EntriesAsync(image, image.Layers[first + 2]);
        Assert.Equal(["/workspace", "/workspace/app.txt"], rest.Select(e => e.Name));
        Assert.Equal(3, Label(image, "io.buildpacks.lifecycle.metadata")["app"]!.AsArray().Count);
    }

    [Fact]
    public async Task Two_exports_of_the_same_inputs_have_the_same_digest()
    {
        await WriteRunImageAsync(_store, Run, Path.Combine(_ws.Root, "run"));
        await PrepareBuildAsync(_ws);

        var first = await ExportAsync(_ws, Options(_ws, _store, App, Run));
        var second = await ExportAsync(_ws, Options(_ws, _store, App.WithTag("again"), Run));

        Assert.Equal(first.Image.ManifestDigest, second.Image.ManifestDigest);
    }

    [Fact]
    public async Task SOURCE_DATE_EPOCH_sets_the_created_time_but_not_the_layer_entry_times()
    {
        var created = Lifecycle.Export.CreatedTime.FromSourceDateEpoch("1700000000", _ws.Log);
        var image = await BuildAndExportAsync(o => o with { Created = created });

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), image.Config.Created);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), image.Config.History![^1].Created);
        Assert.All(await EntriesAsync(image, image.Layers[^1]), e => Assert.Equal(LayerWriteTime, e.ModificationTime));
        Assert.Equal(LayerWriteTime, Lifecycle.Export.CreatedTime.FromSourceDateEpoch("not-a-number", _ws.Log));
        Assert.Contains(_ws.Log.Messages, m => m.Message.Contains("SOURCE_DATE_EPOCH", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_toml_records_tags_image_id_digest_and_manifest_size()
    {
        await WriteRunImageAsync(_store, Run, Path.Combine(_ws.Root, "run"));
        await PrepareBuildAsync(_ws);
        var extra = App.WithTag("extra");
        var result = await ExportAsync(_ws, Options(_ws, _store, App, Run) with { Tags = [App, extra] });

        var report = ReportToml.Read(Path.Combine(_ws.LayersDir, "report.toml"));
        Assert.Equal([App.ToString(), extra.ToString()], report.Tags);
        Assert.Equal(result.Image.ManifestDigest.ToString(), report.Digest);
        Assert.Equal(result.Image.ImageId.ToString(), report.ImageId);
        Assert.Equal(result.Image.ManifestSize, report.ManifestSize);
        Assert.Equal(result.Image.ManifestDigest, (await ReadAsync(_store, extra)).Digest);
        Assert.Contains("manifest-size = ", File.ReadAllText(Path.Combine(_ws.LayersDir, "report.toml")));
    }

    [Fact]
    public async Task The_launcher_sbom_goes_into_the_sbom_layer_and_the_lifecycle_sbom_into_the_build_sbom()
    {
        var sbomDir = Path.Combine(_ws.Root, "cnb-lifecycle");
        _ws.WriteFile(Path.Combine(sbomDir, "launcher.sbom.cdx.json"), "{\"launcher\":true}");
        _ws.WriteFile(Path.Combine(sbomDir, "lifecycle.sbom.cdx.json"), "{\"lifecycle\":true}");

        var image = await BuildAndExportAsync(o => o with { LauncherSbomDir = sbomDir });

        var sbom = await EntriesAsync(image, image.Layers[4]);
        Assert.Contains(sbom, e => e.Name == Path.Combine(_ws.LayersDir, "sbom/launch/buildpacksio_lifecycle/launcher/sbom.cdx.json"));
        Assert.Contains(sbom, e => e.Name == Path.Combine(_ws.LayersDir, "sbom/launch/test_runtime/runtime/sbom.cdx.json"));
        Assert.Equal("{\"lifecycle\":true}", File.ReadAllText(Path.Combine(_ws.LayersDir, "sbom/build/buildpacksio_lifecycle/sbom.cdx.json")));
        Assert.Contains(_ws.Log.Messages, m => m.Message == $"Did not find SBOM launcher.sbom.spdx.json in {sbomDir}");
    }

    [Fact]
    public async Task Skopeo_reads_the_exported_layout_and_shows_the_labels()
    {
        var image = await BuildAndExportAsync();

        var output = await TestInfrastructure.ProcessRunner.RunCheckedAsync(
            TestInfrastructure.RequiredServices.RequireTool("skopeo"), "inspect", "--config", $"oci:{_store.Root}:{App.Tag}");

        var config = JsonNode.Parse(output)!;
        var labels = config["config"]!["Labels"]!;
        Assert.Equal(image.Labels["io.buildpacks.lifecycle.metadata"], labels["io.buildpacks.lifecycle.metadata"]!.GetValue<string>());
        Assert.Equal(image.Labels["io.buildpacks.build.metadata"], labels["io.buildpacks.build.metadata"]!.GetValue<string>());
        Assert.Equal(image.Layers.Count, config["rootfs"]!["diff_ids"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_missing_run_image_fails_with_exit_code_62()
    {
        await PrepareBuildAsync(_ws);

        var failure = await Assert.ThrowsAsync<LifecycleException>(() => ExportAsync(_ws, Options(_ws, _store, App, Run)));

        Assert.Equal(62, failure.ExitCode);
        Assert.Contains(Run.ToString(), failure.Message);
    }
}
