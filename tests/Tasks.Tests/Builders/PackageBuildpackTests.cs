using System.Text.Json;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.MSBuild.Tasks.Builders;
using Buildpacks.Platform.Buildpacks;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Buildpacks;
using Microsoft.Build.Framework;
using Buildpacks.Images.Model;

namespace Buildpacks.MSBuild.Tasks.Tests.Builders;

public sealed class PackageBuildpackTests(BuilderWorkspace workspace) : IClassFixture<BuilderWorkspace>
{
    [Fact]
    public async Task A_composite_buildpack_packages_to_a_registry_image_with_its_dependencies_and_pack_s_labels()
    {
        var name = $"{workspace.Registry.Address}/fixtures/universe:image";
        var task = new PackageBuildpack
        {
            ProjectDirectory = workspace.UniverseDirectory,
            BuildpackPackageConfig = "package.toml",
            BuildpackPackageOutput = name,
            BuildpackPublish = true,
        };

        var engine = TaskRun.Succeeds(task);

        Assert.StartsWith("sha256:", task.BuildpackPackageDigest, StringComparison.Ordinal);
        Assert.Equal("", task.BuildpackPackageFile);
        var summary = Assert.Single(engine.MessagesAt(MessageImportance.High));
        Assert.StartsWith("BP6102: ", summary, StringComparison.Ordinal);
        Assert.Contains($"{name}@{task.BuildpackPackageDigest}", summary, StringComparison.Ordinal);
        Assert.Contains(engine.MessagesAt(MessageImportance.Low), m => m.StartsWith($"buildpack: {HelloBuildpacks.MoonId}@", StringComparison.Ordinal));

        using var registry = BuilderWorkspace.RegistryStore();
        var package = await BuildpackPackageReader.ReadAsync(registry, ImageReference.Parse(name), ImagePlatform.LinuxAmd64, CancellationToken.None);
        Assert.Equal(HelloBuildpacks.UniverseId, package.Id);
        Assert.Equal(HelloBuildpacks.Version, package.Version);
        Assert.Equal(
            [HelloBuildpacks.MoonId, HelloBuildpacks.UniverseId, HelloBuildpacks.WorldId],
            package.Buildpacks.Select(b => b.Id).Order(StringComparer.Ordinal));
        Assert.Equal(task.BuildpackPackageDigest, package.Image.Digest.ToString());

        var labels = await SkopeoLabelsAsync("--tls-verify=false", $"docker://{name}");
        using var metadata = JsonDocument.Parse(labels["io.buildpacks.buildpackage.metadata"]);
        Assert.Equal(HelloBuildpacks.UniverseId, metadata.RootElement.GetProperty("id").GetString());
        using var layers = JsonDocument.Parse(labels["io.buildpacks.buildpack.layers"]);
        Assert.True(layers.RootElement.TryGetProperty(HelloBuildpacks.WorldId, out _));
    }

    [Fact]
    public async Task A_cnb_output_is_a_package_file_holding_the_same_image_as_the_registry_package()
    {
        var directory = workspace.NewDirectory("cnb");
        var task = new PackageBuildpack
        {
            ProjectDirectory = workspace.UniverseDirectory,
            BuildpackPackageConfig = "package.toml",
            BuildpackPackageOutput = Path.Combine(directory, "universe.cnb"),
        };
        TaskRun.Succeeds(task);

        var again = new PackageBuildpack
        {
            ProjectDirectory = workspace.UniverseDirectory,
            BuildpackPackageConfig = "package.toml",
            BuildpackPackageOutput = $"{workspace.Registry.Address}/fixtures/universe:same",
            BuildpackPublish = true,
        };
        TaskRun.Succeeds(again);

        Assert.Equal(Path.Combine(directory, "universe.cnb"), task.BuildpackPackageFile);
        var package = await BuildpackPackageReader.ReadFileAsync(task.BuildpackPackageFile, CancellationToken.None);
        Assert.Equal(HelloBuildpacks.UniverseId, package.Id);
        Assert.Equal(3, package.Buildpacks.Count);

        // Reproducible: the file holds the very manifest the registry got.
        Assert.Equal(again.BuildpackPackageDigest, task.BuildpackPackageDigest);
        Assert.Equal(task.BuildpackPackageDigest, package.Image.Digest.ToString());
        var labels = await SkopeoLabelsAsync($"oci-archive:{task.BuildpackPackageFile}");
        Assert.Contains(HelloBuildpacks.UniverseId, labels["io.buildpacks.buildpackage.metadata"], StringComparison.Ordinal);
        Assert.Equal(["universe.cnb"], Directory.GetFileSystemEntries(directory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task BuildpackPackageFormat_file_makes_a_file_and_a_layout_output_takes_an_image()
    {
        var directory = workspace.NewDirectory("format");
        var file = new PackageBuildpack
        {
            ProjectDirectory = directory,
            BuildpackPackageConfig = Path.Combine(workspace.BuildpacksDirectory, "hello-world", "..", "hello-universe", "package.toml"),
            BuildpackPackageOutput = "out/universe.cnb",
            BuildpackPackageFormat = "File",
        };
        TaskRun.Succeeds(file);
        Assert.True(File.Exists(Path.Combine(directory, "out", "universe.cnb")));

        var layout = new PackageBuildpack
        {
            ProjectDirectory = directory,
            BuildpackPackageConfig = Path.Combine(workspace.UniverseDirectory, "package.toml"),
            BuildpackPackageOutput = "example.test/fixtures/universe:layout",
            BuildpackLayoutOutputPath = "layout",
        };
        TaskRun.Succeeds(layout);
        var package = await BuildpackPackageReader.ReadAsync(
            new OciLayoutImageStore(Path.Combine(directory, "layout")), ImageReference.Parse("example.test/fixtures/universe:layout"), ImagePlatform.LinuxAmd64, CancellationToken.None);
        Assert.Equal(layout.BuildpackPackageDigest, package.Image.Digest.ToString());
        Assert.Equal(file.BuildpackPackageDigest, layout.BuildpackPackageDigest);
    }

    [Fact]
    public async Task BuildpackPlatform_packages_for_that_target_and_records_it()
    {
        var directory = workspace.NewDirectory("arm");
        var task = new PackageBuildpack
        {
            ProjectDirectory = workspace.UniverseDirectory,
            BuildpackPackageConfig = "package.toml",
            BuildpackPackageOutput = Path.Combine(directory, "universe-arm64.cnb"),
            BuildpackPlatform = "linux/arm64",
        };
        TaskRun.Succeeds(task);

        var labels = await SkopeoLabelsAsync($"oci-archive:{task.BuildpackPackageFile}");
        using var metadata = JsonDocument.Parse(labels["io.buildpacks.buildpackage.metadata"]);
        var target = Assert.Single(metadata.RootElement.GetProperty("targets").EnumerateArray());
        Assert.Equal("arm64", target.GetProperty("arch").GetString());
        var inspect = await ProcessRunner.RunCheckedAsync("skopeo", "inspect", "--config", $"oci-archive:{task.BuildpackPackageFile}");
        Assert.Equal("arm64", JsonDocument.Parse(inspect).RootElement.GetProperty("architecture").GetString());
    }

    [Fact]
    public async Task A_package_toml_with_two_targets_packages_an_index_of_one_package_per_platform()
    {
        var directory = workspace.NewDirectory("multi");
        var buildpacks = Path.GetDirectoryName(workspace.UniverseDirectory)!;
        File.WriteAllText(Path.Combine(directory, "package.toml"), $"""
            [buildpack]
            uri = "{workspace.UniverseDirectory}"

            [[dependencies]]
            uri = "{Path.Combine(buildpacks, "hello-world")}"

            [[dependencies]]
            uri = "{Path.Combine(buildpacks, "hello-moon")}"

            [[targets]]
            os = "linux"
            arch = "amd64"

            [[targets]]
            os = "linux"
            arch = "arm64"
            """);
        var layout = Path.Combine(directory, "layout");
        var task = new PackageBuildpack
        {
            ProjectDirectory = directory,
            BuildpackPackageConfig = "package.toml",
            BuildpackPackageOutput = "example.com/fixtures/universe:multi",
            BuildpackLayoutOutputPath = layout,
        };

        TaskRun.Succeeds(task);

        var store = new OciLayoutImageStore(layout);
        var index = await store.TryReadIndexAsync(ImageReference.Parse("example.com/fixtures/universe:multi"), CancellationToken.None);
        Assert.NotNull(index);
        Assert.Equal(task.BuildpackPackageDigest, index.Descriptor.Digest.ToString());
        Assert.Equal(["linux/amd64", "linux/arm64"], index.PlatformManifests.Select(m => m.Platform!.ToString()));
        var arm = await BuildpackPackageReader.ReadAsync(store, ImageReference.Parse("example.com/fixtures/universe:multi"), ImagePlatform.Parse("linux/arm64"), CancellationToken.None);
        Assert.Equal(HelloBuildpacks.UniverseId, arm.Id);
        Assert.Equal("arm64", arm.Image.Config.Architecture);
        Assert.Equal(index.PlatformManifests[1].Digest, arm.Image.Digest);
    }

    /// <summary>The labels <c>skopeo inspect</c> shows for <paramref name="arguments"/> (the last is the image).</summary>
    internal static async Task<Dictionary<string, string>> SkopeoLabelsAsync(params string[] arguments)
    {
        RequiredServices.RequireTool("skopeo");
        var json = await ProcessRunner.RunCheckedAsync("skopeo", ["inspect", .. arguments]);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("Labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
    }
}
