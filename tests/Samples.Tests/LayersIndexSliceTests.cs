using Buildpacks.Lifecycle.Files;
using Buildpacks.Platform.Layering;
using Buildpacks.Samples.Tests.Support;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Apps;

namespace Buildpacks.Samples.Tests;

/// <summary>
/// The dotnet-app buildpack turns the layers index (<c>&lt;App&gt;.layers.json</c>) into launch.toml slices, one per
/// group but the app, least often changed first; without an index the app is one layer. Single-file apps, which have no
/// runtimeconfig.json, are found by their index.
/// </summary>
[Collection(PublishedAppsCollection.Name)]
public sealed class LayersIndexSliceTests(PublishedApps apps)
{
    private const string AppId = SampleWorkspace.AppId;
    private const string RuntimeId = SampleWorkspace.RuntimeId;

    [Fact]
    public async Task Each_group_but_the_app_becomes_a_slice_of_its_files_in_the_index_order()
    {
        using var temp = new TempDirectory("samples-index");
        var app = TestApps.CopyTo(apps.ConsoleSelfContained, temp, "app");
        var index = DepsJsonIndex.Write(app, new PublishedApp { Name = "ConsoleApp", SelfContained = true }, CustomLayer.Parse("symbols", "*.pdb"));
        using var ws = new SampleWorkspace(app);

        var metadata = await ws.DetectAndBuildAsync();

        Assert.Equal(3, metadata.Slices.Count);
        var runtime = index.Layers.Single(l => l.Name == "runtime").Files;
        Assert.Contains("libcoreclr.so", runtime);
        Assert.Contains("System.Private.CoreLib.dll", runtime);
        Assert.Equal(runtime, metadata.Slices[0].Paths);
        Assert.Equal([$"{PublishedApps.ConsolePackage}.dll"], metadata.Slices[1].Paths);
        Assert.Equal(["ConsoleApp.pdb"], metadata.Slices[2].Paths);
        Assert.Contains($"     layers: runtime {runtime.Count}, packages 1, symbols 1, app the rest (from ConsoleApp.layers.json)", ws.Log.OutputOf(AppId));
    }

    [Fact]
    public async Task A_file_the_index_names_but_the_app_dir_lacks_is_left_out_and_a_group_with_no_file_there_is_no_slice()
    {
        using var temp = new TempDirectory("samples-index-gone");
        var app = TestApps.CopyTo(apps.ConsoleFrameworkDependent, temp, "app");
        DepsJsonIndex.Write(app, new PublishedApp { Name = "ConsoleApp" }, CustomLayer.Parse("symbols", "*.pdb"));
        File.Delete(Path.Combine(app, "ConsoleApp.pdb"));
        using var ws = new SampleWorkspace(app);

        var metadata = await ws.DetectAndBuildAsync();

        Assert.Equal([$"{PublishedApps.ConsolePackage}.dll"], Assert.Single(metadata.Slices).Paths);
    }

    [Fact]
    public async Task File_names_with_glob_characters_are_escaped_so_each_slice_path_matches_only_its_file()
    {
        using var temp = new TempDirectory("samples-index-glob");
        var app = TestApps.CopyTo(apps.ConsoleFrameworkDependent, temp, "app");
        File.WriteAllText(Path.Combine(app, "data[1]*.bin"), "data");
        File.WriteAllText(Path.Combine(app, "data1x.bin"), "other");
        DepsJsonIndex.Write(app, new PublishedApp { Name = "ConsoleApp" }, CustomLayer.Parse("data", "data?1?*.bin"));
        using var ws = new SampleWorkspace(app);

        var metadata = await ws.DetectAndBuildAsync();

        var slice = metadata.Slices.Last().Paths;
        Assert.Equal(["data\\[1]\\*.bin"], slice);
        Assert.True(new Buildpacks.Lifecycle.Export.SlicePattern(slice[0]).Matches("data[1]*.bin"));
        Assert.False(new Buildpacks.Lifecycle.Export.SlicePattern(slice[0]).Matches("data1x.bin"));
    }

    [Fact]
    public async Task Without_an_index_the_app_is_one_layer_and_the_log_says_how_to_get_more()
    {
        using var ws = new SampleWorkspace(apps.WebSelfContained);

        var metadata = await ws.DetectAndBuildAsync();

        Assert.Empty(metadata.Slices);
        Assert.Contains("     layers: the app is one layer (no WebApp.layers.json: publish with Buildpacks.MSBuild for a layer per group)", ws.Log.OutputOf(AppId));
    }

    [Fact]
    public async Task An_index_of_a_newer_schema_is_ignored_with_a_warning_and_the_app_is_one_layer()
    {
        using var temp = new TempDirectory("samples-index-new");
        var app = TestApps.CopyTo(apps.ConsoleFrameworkDependent, temp, "app");
        DepsJsonIndex.Write(app, new PublishedApp { Name = "ConsoleApp" });
        var path = Path.Combine(app, "ConsoleApp.layers.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"schemaVersion\": 1", "\"schemaVersion\": 2", StringComparison.Ordinal));
        using var ws = new SampleWorkspace(app);

        var metadata = await ws.DetectAndBuildAsync();

        Assert.Empty(metadata.Slices);
        Assert.Contains(
            "WARNING: ConsoleApp.layers.json is not a layers index this buildpack reads (schemaVersion 2, this one reads 1); the app is one layer.",
            ws.Log.OutputOf(AppId));
    }

    [Fact]
    public async Task A_self_contained_single_file_app_is_found_by_its_index_and_its_bundle_is_the_process()
    {
        using var temp = new TempDirectory("samples-single");
        var published = await TestApps.PublishAsync(TestAppProject.Web(), AppDeployment.SelfContainedSingleFile);
        var app = TestApps.CopyTo(published, temp, "app");
        Assert.False(File.Exists(Path.Combine(app, "WebApp.runtimeconfig.json")), "a single-file publish bundles its runtimeconfig.json");
        DepsJsonIndex.Write(app, new PublishedApp
        {
            Name = "WebApp",
            SelfContained = true,
            SingleFile = true,
            Frameworks = [new("Microsoft.NETCore.App", "10.0.0"), new("Microsoft.AspNetCore.App", "10.0.0")],
        });
        using var ws = new SampleWorkspace(app);

        var metadata = await ws.DetectAndBuildAsync();

        Assert.Equal([AppId], GroupToml.Read(ws.GroupPath).Select(e => e.Id));
        Assert.Equal(["./WebApp"], Assert.Single(metadata.Processes).Command);
        Assert.Empty(metadata.Slices);
        Assert.Contains("     WebApp: single-file, self-contained", ws.Log.OutputOf(AppId));
        Assert.True(File.Exists(Path.Combine(ws.LayersOf(AppId), "aspnetcore-port", "env.launch", "ASPNETCORE_HTTP_PORTS.default")));
    }

    [Fact]
    public async Task A_framework_dependent_single_file_app_requires_the_runtimes_its_index_names_and_runs_its_bundle_on_them()
    {
        using var temp = new TempDirectory("samples-single-fd");
        var published = await TestApps.PublishAsync(TestAppProject.Console(), AppDeployment.FrameworkDependentSingleFile);
        var app = TestApps.CopyTo(published, temp, "app");
        DepsJsonIndex.Write(app, new PublishedApp { Name = "ConsoleApp", SingleFile = true, Frameworks = [new("Microsoft.NETCore.App", "10.0.0")], RollForward = "Major" });
        using var ws = new SampleWorkspace(app);

        var metadata = await ws.DetectAndBuildAsync();

        Assert.Equal([RuntimeId, AppId], GroupToml.Read(ws.GroupPath).Select(e => e.Id));
        var requirement = Assert.Single(PlanToml.Read(ws.PlanPath).Entries).Requires[0];
        Assert.Equal(("dotnet-runtime", "10.0.0", "Major"), (requirement.Name, (string)requirement.Metadata["version"], (string)requirement.Metadata["roll-forward"]));
        Assert.Equal(["./ConsoleApp"], Assert.Single(metadata.Processes).Command);

        var layer = LayerToml.Read(ws.LayersOf(RuntimeId), "dotnet-runtime");
        var run = await ProcessRunner.RunAsync(
            Path.Combine(app, "ConsoleApp"),
            [],
            app,
            new Dictionary<string, string?> { ["DOTNET_ROOT"] = layer.Directory, ["DOTNET_MULTILEVEL_LOOKUP"] = "0" });
        run.EnsureSuccess("the single-file bundle on the runtime layer");
        Assert.Equal("Hello, World!", run.StandardOutput.Trim());
    }
}
