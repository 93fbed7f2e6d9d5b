using System.Text.Json;
using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.TestInfrastructure.Apps;

namespace Buildpacks.MSBuild.Publish.Tests;

/// <summary>
/// .NET-aware layers: the publish writes the layers index (<c>&lt;App&gt;.layers.json</c>), the sample dotnet-app
/// buildpack makes each of its groups a slice, and the image has the .NET runtime, the NuGet packages, the user's groups
/// and the app as layers of their own, least often changed first; a code change then uploads only the app's layer.
/// </summary>
public sealed class LayeredImageTests
{
    private const string Rid = TestApps.RuntimeIdentifier;

    // A package this machine's NuGet cache has (nothing is downloaded), not part of the shared frameworks.
    private static readonly NuGetPackage Json = new("Newtonsoft.Json", "13.0.3");
    private static readonly NuGetPackage Toml = new("Tomlyn", "2.10.2");

    private static readonly string[] SelfContained = ["-r", Rid, "--self-contained"];

    private static Task<TestProject> WebProjectAsync(string name, string message, string projectItems = "") =>
        TestProject.CreateAsync(AppKind.Web, message, name, projectItems: projectItems);

    private static string[] Publish(string image, string execution, params string[] more) =>
        [$"-p:BuildpackImage={image}", "-p:BuildpackPublish=true", $"-p:BuildpackExecution={execution}", .. more];

    // Checks the publishes leave nothing behind, and removes the images the test pulled into the daemon, whatever happens.
    private static Task AroundAsync(TestProject project, Func<Task> test, params string[] images) =>
        LeakCheck.AroundAsync(project, async () =>
        {
            try
            {
                await test();
            }
            finally
            {
                await ImageRunner.RemoveImagesAsync(images);
            }
        });

    private static IReadOnlyList<string> IndexGroup(string publishDirectory, string app, string group)
    {
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(publishDirectory, app + ".layers.json")));
        return [.. index.RootElement.GetProperty("layers").EnumerateArray()
            .Single(l => l.GetProperty("name").GetString() == group)
            .GetProperty("files").EnumerateArray().Select(f => f.GetString()!).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task A_self_contained_apps_image_has_the_runtime_the_packages_a_users_group_and_the_app_as_layers_of_their_own()
    {
        using var project = await WebProjectAsync("LayeredWeb", "Hello from the layered app", """
              <ItemGroup>
                <BuildpackLayer Include="static-assets" Files="wwwroot/**" />
              </ItemGroup>
            """);
        project.AddPackage(Json);
        project.WriteFile("wwwroot/site.css", "body { color: rebeccapurple; }\n");
        var image = SampleServices.UniqueRepository("layers-sc") + ":1";
        await AroundAsync(project, async () =>
        {
            (await project.PublishAsync([.. Publish(image, "Local"), .. SelfContained])).EnsureSucceeded();
            var publish = project.PublishDirectory(Rid);
            var slices = await AppSlices.ReadAsync(image, project.Output("layout"));

            Assert.Equal(4, slices.Layers.Count);
            var (runtime, packages, assets, app) = (slices.Layers[0], slices.Layers[1], slices.Layers[2], slices.Layers[3]);
            Assert.Equal(IndexGroup(publish, "LayeredWeb", "runtime"), runtime.FilesOf(publish));
            Assert.Contains("libcoreclr.so", runtime.Entries);
            Assert.Contains("System.Private.CoreLib.dll", runtime.Entries);
            Assert.Contains("Microsoft.AspNetCore.dll", runtime.Entries);
            Assert.Equal(["Newtonsoft.Json.dll"], packages.FilesOf(publish));
            Assert.Equal(IndexGroup(publish, "LayeredWeb", "static-assets"), assets.FilesOf(publish));
            Assert.Contains("wwwroot/site.css", assets.Entries);

            // The app layer is everything else: the project's outputs, the host and the index itself (part of the image).
            Assert.Contains("LayeredWeb.dll", app.Entries);
            Assert.Contains("LayeredWeb", app.Entries);
            Assert.Contains("LayeredWeb.deps.json", app.Entries);
            Assert.Contains("LayeredWeb.layers.json", app.Entries);
            Assert.Empty(app.Entries.Intersect(runtime.Entries.Concat(packages.Entries).Concat(assets.Entries).Where(e => File.Exists(Path.Combine(publish, e)))));
            Assert.Equal(
                Directory.EnumerateFiles(publish, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(publish, f)).Order(StringComparer.Ordinal),
                slices.Layers.SelectMany(l => l.FilesOf(publish)).Order(StringComparer.Ordinal));

            Assert.Equal("Hello from the layered app", await ImageRunner.GetRootAsync(image));
        }, image);
    }

    [Fact]
    public async Task A_code_change_makes_exactly_one_new_layer_the_apps_and_it_is_smaller_than_a_megabyte()
    {
        using var project = await WebProjectAsync("EditedWeb", "Hello, first version");
        project.AddPackage(Json);
        var image = SampleServices.UniqueRepository("layers-edit") + ":1";
        await AroundAsync(project, async () =>
        {
            (await project.PublishAsync([.. Publish(image, "Local"), .. SelfContained])).EnsureSucceeded();
            var before = await Skopeo.ManifestLayersAsync("docker://" + image);

            project.SetMessage("Hello, second version");
            (await project.PublishAsync([.. Publish(image, "Local"), .. SelfContained])).EnsureSucceeded();
            var after = await Skopeo.ManifestLayersAsync("docker://" + image);

            Assert.Equal(before.Count, after.Count);
            var renewed = after.Where(layer => !before.Contains(layer)).ToList();
            var only = Assert.Single(renewed);
            Assert.True(only.Size < 1_000_000, $"the new app layer is {only.Size} bytes");
            var slices = await AppSlices.ReadAsync(image, project.Output("layout"));
            Assert.Equal(only.Digest, slices.Holding("EditedWeb.dll").Digest);
            Assert.Equal(slices.Layers[^1], slices.Holding("EditedWeb.dll"));
            Assert.Equal("Hello, second version", await ImageRunner.GetRootAsync(image));
        }, image);
    }

    [Fact]
    public async Task Adding_a_NuGet_package_renews_the_package_layer_and_not_the_runtime_layer()
    {
        using var project = await WebProjectAsync("GrowingWeb", "Hello from a growing app");
        project.AddPackage(Json);
        var image = SampleServices.UniqueRepository("layers-package") + ":1";
        await AroundAsync(project, async () =>
        {
            (await project.PublishAsync([.. Publish(image, "Local"), .. SelfContained])).EnsureSucceeded();
            var before = await AppSlices.ReadAsync(image, project.Output("before"));

            project.AddPackage(Toml);
            (await project.PublishAsync([.. Publish(image, "Local"), .. SelfContained])).EnsureSucceeded();
            var after = await AppSlices.ReadAsync(image, project.Output("after"));

            Assert.Equal(before.Holding("libcoreclr.so").Digest, after.Holding("libcoreclr.so").Digest);
            Assert.NotEqual(before.Holding("Newtonsoft.Json.dll").Digest, after.Holding("Newtonsoft.Json.dll").Digest);
            Assert.Same(after.Holding("Newtonsoft.Json.dll"), after.Holding("Tomlyn.dll"));
            Assert.Equal(["Newtonsoft.Json.dll", "Tomlyn.dll"], after.Holding("Tomlyn.dll").FilesOf(project.PublishDirectory(Rid)));
            Assert.Equal("Hello from a growing app", await ImageRunner.GetRootAsync(image));
        }, image);
    }

    [Fact]
    public async Task Container_and_Local_execution_make_the_same_app_layers_of_the_same_publish()
    {
        using var project = await WebProjectAsync("ParityWeb", "Hello from either mode");
        project.AddPackage(Json);
        var local = SampleServices.UniqueRepository("layers-local") + ":1";
        var container = SampleServices.UniqueRepository("layers-container") + ":1";
        await AroundAsync(project, async () =>
        {
            (await project.PublishAsync([.. Publish(local, "Local"), .. SelfContained])).EnsureSucceeded();
            (await project.PublishAsync([.. Publish(container, "Container"), "-p:BuildpackForce=true", .. SelfContained])).EnsureSucceeded();

            var fromLocal = await AppSlices.ReadAsync(local, project.Output("local"));
            var fromContainer = await AppSlices.ReadAsync(container, project.Output("container"));

            Assert.Equal(3, fromLocal.Layers.Count);
            Assert.Equal(fromLocal.Layers.Select(l => (l.Digest, l.Size)), fromContainer.Layers.Select(l => (l.Digest, l.Size)));
            Assert.Equal(fromLocal.Layers.Select(l => l.Entries), fromContainer.Layers.Select(l => l.Entries));
            Assert.Equal("Hello from either mode", await ImageRunner.GetRootAsync(container));
        }, local, container);
    }

    [Fact]
    public async Task A_framework_dependent_apps_image_has_no_runtime_layer_only_the_packages_and_the_app()
    {
        using var project = await WebProjectAsync("PortableWeb", "Hello from a framework-dependent app");
        project.AddPackage(Json);
        var image = SampleServices.UniqueRepository("layers-fd") + ":1";
        await AroundAsync(project, async () =>
        {
            (await project.PublishAsync(Publish(image, "Local"))).EnsureSucceeded();
            var publish = project.PublishDirectory();
            var slices = await AppSlices.ReadAsync(image, project.Output("layout"));

            Assert.Empty(IndexGroup(publish, "PortableWeb", "runtime"));
            Assert.Equal(2, slices.Layers.Count);
            Assert.Equal(["Newtonsoft.Json.dll"], slices.Layers[0].FilesOf(publish));
            Assert.Contains("PortableWeb.dll", slices.Layers[1].Entries);
            Assert.Equal("Hello from a framework-dependent app", await ImageRunner.GetRootAsync(image));
        }, image);
    }
}
