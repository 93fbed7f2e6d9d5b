using System.Text.Json;
using Buildpacks.Lifecycle;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Samples.Tests.Support;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Apps;

namespace Buildpacks.Samples.Tests;

/// <summary>The sample .NET buildpacks under our detector and builder, in process, on real publish outputs.</summary>
[Collection(PublishedAppsCollection.Name)]
public sealed class DotnetBuildpacksTests(PublishedApps apps)
{
    private const string RuntimeId = SampleWorkspace.RuntimeId;
    private const string AppId = SampleWorkspace.AppId;

    [Fact]
    public async Task Framework_dependent_web_app_gets_both_runtimes_in_a_launch_layer_and_a_dotnet_web_process()
    {
        using var ws = new SampleWorkspace(apps.WebFrameworkDependent);

        var metadata = await ws.DetectAndBuildAsync();

        Assert.Equal([RuntimeId, AppId], GroupToml.Read(ws.GroupPath).Select(e => e.Id));
        var plan = PlanToml.Read(ws.PlanPath).Entries;
        Assert.Equal(["aspnetcore-runtime", "dotnet-runtime"], plan.Select(e => e.Requires[0].Name).Order());
        Assert.All(plan, e => Assert.Equal(RuntimeId, Assert.Single(e.Providers).Id));
        Assert.All(plan, e => Assert.Equal(["10.0.0", "10.0.0"], e.Requires.Select(r => (string)r.Metadata["version"])));
        var process = Assert.Single(metadata.Processes);
        Assert.Equal(("web", AppId), (process.Type, process.BuildpackId));
        Assert.Equal("web", metadata.BuildpackDefaultProcessType);
        Assert.Equal(["dotnet", "WebApp.dll"], process.Command);
        Assert.Empty(process.Args);

        var layer = LayerToml.Read(ws.LayersOf(RuntimeId), "dotnet-runtime");
        Assert.Equal((true, false, false), (layer.Types.Launch, layer.Types.Build, layer.Types.Cache));
        Assert.Equal(HostRuntimes.Version, layer.Metadata["version"]);
        Assert.Equal($"Microsoft.NETCore.App@{HostRuntimes.Version} Microsoft.AspNetCore.App@{HostRuntimes.Version}", layer.Metadata["frameworks"]);
        Assert.True(File.Exists(Path.Combine(layer.Directory, "dotnet")));
        Assert.Equal("../dotnet", new FileInfo(Path.Combine(layer.Directory, "bin", "dotnet")).LinkTarget);
        Assert.True(File.Exists(Path.Combine(layer.Directory, "shared", "Microsoft.AspNetCore.App", HostRuntimes.Version, "Microsoft.AspNetCore.dll")));
        Assert.Equal(layer.Directory, File.ReadAllText(Path.Combine(layer.Directory, "env.launch", "DOTNET_ROOT.override")));
        Assert.Equal("8080", File.ReadAllText(Path.Combine(ws.LayersOf(AppId), "aspnetcore-port", "env.launch", "ASPNETCORE_HTTP_PORTS.default")));

        using var sbom = ReadJson(ws.LayersDir, "sbom", "launch", "buildpacks-msbuild_dotnet-runtime", "dotnet-runtime", "sbom.cdx.json");
        Assert.Equal("CycloneDX", sbom.RootElement.GetProperty("bomFormat").GetString());
        Assert.Equal(
            [$"pkg:nuget/Microsoft.NETCore.App@{HostRuntimes.Version}", $"pkg:nuget/Microsoft.AspNetCore.App@{HostRuntimes.Version}"],
            sbom.RootElement.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("purl").GetString()));
        Assert.Contains($"     Microsoft.NETCore.App 10.0.0 -> {HostRuntimes.Version}", ws.Log.OutputOf(RuntimeId));
    }

    [Fact]
    public async Task Framework_dependent_console_app_gets_only_the_netcore_runtime_and_runs_on_it()
    {
        using var ws = new SampleWorkspace(apps.ConsoleFrameworkDependent);

        var metadata = await ws.DetectAndBuildAsync();

        Assert.Equal(["dotnet-runtime"], PlanToml.Read(ws.PlanPath).Entries.Select(e => e.Requires[0].Name));
        Assert.Equal(["dotnet", "ConsoleApp.dll"], Assert.Single(metadata.Processes).Command);
        var layer = LayerToml.Read(ws.LayersOf(RuntimeId), "dotnet-runtime");
        Assert.False(Directory.Exists(Path.Combine(layer.Directory, "shared", "Microsoft.AspNetCore.App")));
        Assert.False(Directory.Exists(Path.Combine(ws.LayersOf(AppId), "aspnetcore-port")), "a console app needs no port");

        // The layer is a working dotnet root: its muxer runs the app with nothing else installed.
        var run = await ProcessRunner.RunAsync(
            Path.Combine(layer.Directory, "bin", "dotnet"),
            ["ConsoleApp.dll"],
            apps.ConsoleFrameworkDependent,
            new Dictionary<string, string?> { ["DOTNET_ROOT"] = layer.Directory, ["DOTNET_MULTILEVEL_LOOKUP"] = "0" });
        run.EnsureSuccess("dotnet ConsoleApp.dll from the runtime layer");
        Assert.Equal("Hello, World!", run.StandardOutput.Trim());

        using var sbom = ReadJson(ws.LayersDir, "sbom", "launch", "buildpacks-msbuild_dotnet-app", "sbom.cdx.json");
        Assert.Contains(
            $"pkg:nuget/{PublishedApps.ConsolePackage}@{apps.ConsolePackageVersion}",
            sbom.RootElement.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("purl").GetString()));
        Assert.Equal("ConsoleApp", sbom.RootElement.GetProperty("metadata").GetProperty("component").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Self_contained_web_app_builds_with_the_app_buildpack_alone_and_runs_its_apphost()
    {
        using var ws = new SampleWorkspace(apps.WebSelfContained);

        var metadata = await ws.DetectAndBuildAsync();

        Assert.Equal([AppId], GroupToml.Read(ws.GroupPath).Select(e => e.Id));
        Assert.Empty(PlanToml.Read(ws.PlanPath).Entries);
        var process = Assert.Single(metadata.Processes);
        Assert.Equal(["./WebApp"], process.Command);
        Assert.Equal("web", metadata.BuildpackDefaultProcessType);
        Assert.False(Directory.Exists(ws.LayersOf(RuntimeId)));
        Assert.Equal("8080", File.ReadAllText(Path.Combine(ws.LayersOf(AppId), "aspnetcore-port", "env.launch", "ASPNETCORE_HTTP_PORTS.default")));
        using var sbom = ReadJson(ws.LayersDir, "sbom", "launch", "buildpacks-msbuild_dotnet-app", "sbom.cdx.json");
        Assert.Contains(
            $"pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@{HostRuntimes.Version}",
            sbom.RootElement.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("purl").GetString()));
    }

    [Fact]
    public async Task Self_contained_console_app_fails_the_runtime_detection_saying_it_needs_no_runtime()
    {
        using var ws = new SampleWorkspace(apps.ConsoleSelfContained);

        var metadata = await ws.DetectAndBuildAsync();

        Assert.Equal(["./ConsoleApp"], Assert.Single(metadata.Processes).Command);
        Assert.Contains(ws.Log.OutputOf(RuntimeId), l => l.Contains("self-contained and needs no .NET runtime", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BP_DOTNET_APP_ARGS_and_BP_DOTNET_PORT_set_the_process_args_and_the_listening_port()
    {
        using var ws = new SampleWorkspace(apps.WebFrameworkDependent);
        ws.SetPlatformEnv("BP_DOTNET_APP_ARGS", "--environment Staging");
        ws.SetPlatformEnv("BP_DOTNET_PORT", "9090");

        var metadata = await ws.DetectAndBuildAsync();

        Assert.Equal(["--environment", "Staging"], Assert.Single(metadata.Processes).Args);
        Assert.Equal("9090", File.ReadAllText(Path.Combine(ws.LayersOf(AppId), "aspnetcore-port", "env.launch", "ASPNETCORE_HTTP_PORTS.default")));
    }

    [Fact]
    public async Task A_port_that_is_not_a_number_fails_the_build_with_a_message()
    {
        using var ws = new SampleWorkspace(apps.WebSelfContained);
        ws.SetPlatformEnv("BP_DOTNET_PORT", "http");

        await ws.DetectAsync();
        var e = await Assert.ThrowsAsync<LifecycleException>(ws.BuildAsync);

        Assert.Equal(LifecycleExitCodes.FailedBuildWithErrors, e.ExitCode);
        Assert.Contains("ERROR: BP_DOTNET_PORT is 'http'; give a port number from 1 to 65535.", ws.Log.OutputOf(AppId));
    }

    [Fact]
    public async Task A_directory_without_a_runtimeconfig_fails_detection_with_code_20_and_says_why()
    {
        using var temp = new TempDirectory("samples-notdotnet");
        temp.WriteFile("index.html", "<p>hi</p>");
        using var ws = new SampleWorkspace(temp.Path);

        var e = await Assert.ThrowsAsync<LifecycleException>(ws.DetectAsync);

        Assert.Equal(LifecycleExitCodes.FailedDetect, e.ExitCode);
        Assert.Contains(ws.Log.OutputOf(AppId), l => l.StartsWith("No *.runtimeconfig.json in the app directory: not a .NET publish output", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_the_build_image_runtimes_the_host_dotnet_on_PATH_is_copied_into_the_launch_layer()
    {
        // Local execution: the build runs on this machine, which has no /opt/dotnet-runtimes, only its own .NET.
        Assert.False(File.Exists("/opt/dotnet-runtimes/manifest.json"), "this test needs a host without the build image's runtimes");
        using var ws = new SampleWorkspace(apps.ConsoleFrameworkDependent);
        File.Delete(Path.Combine(ws.PlatformDir, "env", "BP_DOTNET_RUNTIMES_ROOT"));

        await ws.DetectAndBuildAsync();

        Assert.Contains($"     No /opt/dotnet-runtimes/manifest.json: using this machine's .NET at {HostRuntimes.DotnetRoot}", ws.Log.OutputOf(RuntimeId));
        var layer = LayerToml.Read(ws.LayersOf(RuntimeId), "dotnet-runtime");
        var version = (string)layer.Metadata["version"];
        Assert.True(Directory.Exists(Path.Combine(HostRuntimes.DotnetRoot, "shared", "Microsoft.NETCore.App", version)), $"{version} is a host runtime");
        Assert.True(Directory.Exists(Path.Combine(layer.Directory, "shared", "Microsoft.NETCore.App", version)));
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), "dotnet-runtimes.*.json"));
        var run = await ProcessRunner.RunAsync(
            Path.Combine(layer.Directory, "bin", "dotnet"),
            ["ConsoleApp.dll"],
            apps.ConsoleFrameworkDependent,
            new Dictionary<string, string?> { ["DOTNET_ROOT"] = layer.Directory, ["DOTNET_MULTILEVEL_LOOKUP"] = "0" });
        run.EnsureSuccess("dotnet ConsoleApp.dll from the runtime layer copied from the host");
        Assert.Equal("Hello, World!", run.StandardOutput.Trim());
    }

    [Fact]
    public async Task BP_DOTNET_RUNTIMES_ROOT_without_a_manifest_still_fails_instead_of_falling_back_to_the_host()
    {
        using var ws = new SampleWorkspace(apps.ConsoleFrameworkDependent);
        var empty = Directory.CreateDirectory(Path.Combine(ws.RuntimesRoot, "empty")).FullName;
        ws.SetPlatformEnv("BP_DOTNET_RUNTIMES_ROOT", empty);

        await ws.DetectAsync();
        var e = await Assert.ThrowsAsync<LifecycleException>(ws.BuildAsync);

        Assert.Equal(LifecycleExitCodes.FailedBuildWithErrors, e.ExitCode);
        Assert.Contains(ws.Log.OutputOf(RuntimeId), line => line.StartsWith($"ERROR: The build image has no .NET runtimes: {empty}/manifest.json does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_runtime_version_the_build_image_lacks_fails_the_build_naming_wanted_and_available_versions()
    {
        using var temp = new TempDirectory("samples-future");
        var app = TestApps.CopyTo(apps.ConsoleFrameworkDependent, temp, "app");
        var config = Path.Combine(app, "ConsoleApp.runtimeconfig.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"10.0.0\"", "\"11.0.0\"", StringComparison.Ordinal));
        using var ws = new SampleWorkspace(app);

        await ws.DetectAsync();
        var e = await Assert.ThrowsAsync<LifecycleException>(ws.BuildAsync);

        Assert.Equal(LifecycleExitCodes.FailedBuildWithErrors, e.ExitCode);
        Assert.Contains(
            $"ERROR: No installed .NET runtime fits the app: it needs Microsoft.NETCore.App 11.0.0 (roll forward: Minor); the build image has {HostRuntimes.Version}. "
            + "Publish the app for a runtime the build image has, or use a build image with that runtime.",
            ws.Log.OutputOf(RuntimeId));
    }

    [Fact]
    public async Task An_unchanged_runtime_is_not_copied_again_so_the_exporter_reuses_the_previous_image_layer()
    {
        using var ws = new SampleWorkspace(apps.WebFrameworkDependent);
        await ws.DetectAndBuildAsync();
        var layersDir = ws.LayersOf(RuntimeId);
        var metadata = LayerToml.Read(layersDir, "dotnet-runtime").Metadata;

        // What the restorer leaves of a launch-only layer: its metadata, no contents (Buildpack API, "Launch Layers").
        Directory.Delete(Path.Combine(layersDir, "dotnet-runtime"), recursive: true);
        File.WriteAllText(Path.Combine(layersDir, "dotnet-runtime.toml"), $"[metadata]\nversion = \"{metadata["version"]}\"\nframeworks = \"{metadata["frameworks"]}\"\nhostfxr = \"{metadata["hostfxr"]}\"\n");
        await ws.BuildAsync();

        var layer = LayerToml.Read(layersDir, "dotnet-runtime");
        Assert.True(layer.Types.Launch);
        Assert.False(Directory.Exists(layer.Directory), "the layer must be left for the exporter to reuse");
        Assert.Equal(metadata["frameworks"], layer.Metadata["frameworks"]);
        Assert.Contains(ws.Log.OutputOf(RuntimeId), l => l.StartsWith("---> Reusing the .NET runtime layer of the previous image", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Several_apps_need_BP_DOTNET_PROCESS_NAME_and_the_error_names_them()
    {
        using var temp = new TempDirectory("samples-two");
        var app = TestApps.CopyTo(apps.ConsoleFrameworkDependent, temp, "app");
        foreach (var suffix in new[] { ".runtimeconfig.json", ".deps.json", ".dll" })
        {
            File.Copy(Path.Combine(app, "ConsoleApp" + suffix), Path.Combine(app, "Other" + suffix));
        }

        using (var ws = new SampleWorkspace(app))
        {
            var e = await Assert.ThrowsAsync<LifecycleException>(ws.DetectAsync);
            Assert.Equal(LifecycleExitCodes.FailedDetectWithErrors, e.ExitCode);
            Assert.Contains(
                "ERROR: The app dir holds several apps (ConsoleApp.runtimeconfig.json Other.runtimeconfig.json); set BP_DOTNET_PROCESS_NAME to the assembly name of the one to run, e.g. ConsoleApp.",
                ws.Log.OutputOf(AppId));
        }

        using (var ws = new SampleWorkspace(app))
        {
            ws.SetPlatformEnv("BP_DOTNET_PROCESS_NAME", "Other");
            var metadata = await ws.DetectAndBuildAsync();
            Assert.Equal(["dotnet", "Other.dll"], Assert.Single(metadata.Processes).Command);
        }
    }

    private static JsonDocument ReadJson(params string[] path) => JsonDocument.Parse(File.ReadAllText(Path.Combine(path)));
}
