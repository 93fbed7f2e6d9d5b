using System.Text.Json;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores.Archive;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.MSBuild.Tasks.Builders;
using Buildpacks.Platform.Builders;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Buildpacks;
using Microsoft.Build.Framework;
using Buildpacks.Images.Model;

namespace Buildpacks.MSBuild.Tasks.Tests.Builders;

public sealed class CreateBuildpackBuilderTests(BuilderWorkspace workspace) : IClassFixture<BuilderWorkspace>
{
    [Fact]
    public async Task A_builder_toml_naming_a_package_image_gives_a_builder_in_the_registry_that_reads_back_as_written()
    {
        var package = $"{workspace.Registry.Address}/fixtures/universe-for-builder:1";
        TaskRun.Succeeds(new PackageBuildpack
        {
            ProjectDirectory = workspace.UniverseDirectory,
            BuildpackPackageConfig = "package.toml",
            BuildpackPackageOutput = package,
            BuildpackPublish = true,
        });
        var toml = workspace.WriteBuilderToml(
            $"""
            [[buildpacks]]
            image = "{package}"
            """,
            lifecycle: $"[lifecycle]\nuri = \"{workspace.LifecycleDirectory}\"");
        var name = $"{workspace.Registry.Address}/fixtures/builder:from-image";
        var task = new CreateBuildpackBuilder
        {
            ProjectDirectory = Path.GetDirectoryName(toml)!,
            BuildpackBuilderConfig = "builder.toml",
            BuildpackBuilderImage = name,
            BuildpackPublish = true,
        };

        var engine = TaskRun.Succeeds(task);

        var summary = Assert.Single(engine.MessagesAt(MessageImportance.High));
        Assert.Contains(engine.MessagesAt(MessageImportance.Low), m => m == $"order group 1: {HelloBuildpacks.UniverseId}@{HelloBuildpacks.Version}");

        using var registry = BuilderWorkspace.RegistryStore();
        var builder = await BuilderReader.ReadAsync(registry, ImageReference.Parse(name), ImagePlatform.LinuxAmd64, CancellationToken.None);
        Assert.Equal(task.BuildpackBuilderDigest, builder.Image.Digest.ToString());
        Assert.Equal("Builder made by the task tests", builder.Description);
        Assert.Equal(
            [HelloBuildpacks.MoonId, HelloBuildpacks.UniverseId, HelloBuildpacks.WorldId],
            builder.Buildpacks.Select(b => b.Id));
        Assert.Equal(HelloBuildpacks.UniverseId, Assert.Single(Assert.Single(builder.Order.Groups).Elements).Id);
        Assert.Equal($"{workspace.Registry.Address}/fixtures/run:1", Assert.Single(builder.RunImages).Image);
        Assert.Equal(BuilderWorkspace.BuildUserId, builder.UserId);
        Assert.Equal($"BP6101: Created builder {name}@{task.BuildpackBuilderDigest} in registry {workspace.Registry.Address} (3 buildpacks, lifecycle {builder.Lifecycle.Version})", summary);

        var labels = await PackageBuildpackTests.SkopeoLabelsAsync("--tls-verify=false", $"docker://{name}");
        using var metadata = JsonDocument.Parse(labels["io.buildpacks.builder.metadata"]);
        Assert.Equal(3, metadata.RootElement.GetProperty("buildpacks").GetArrayLength());
        Assert.Contains(HelloBuildpacks.UniverseId, labels["io.buildpacks.buildpack.order"], StringComparison.Ordinal);
        Assert.True(labels.ContainsKey("io.buildpacks.lifecycle.apis"));
    }

    [Fact]
    public async Task A_builder_toml_naming_a_cnb_file_gives_a_builder_in_an_OCI_layout_and_an_archive()
    {
        var directory = workspace.NewDirectory("from-file");
        TaskRun.Succeeds(new PackageBuildpack
        {
            ProjectDirectory = workspace.UniverseDirectory,
            BuildpackPackageConfig = "package.toml",
            BuildpackPackageOutput = Path.Combine(directory, "universe.cnb"),
        });
        var toml = workspace.WriteBuilderToml(
            $"""
            [[buildpacks]]
            uri = "{Path.Combine(directory, "universe.cnb")}"
            """);

        var layout = new CreateBuildpackBuilder
        {
            ProjectDirectory = directory,
            BuildpackBuilderConfig = toml,
            BuildpackBuilderImage = "example.test/fixtures/builder:from-file",
            BuildpackLayoutOutputPath = "layout",
            BuildpackLifecycleDirectory = workspace.LifecycleDirectory,
            BuildpackPullPolicy = "always",
        };
        TaskRun.Succeeds(layout);
        var builder = await BuilderReader.ReadAsync(
            new OciLayoutImageStore(Path.Combine(directory, "layout")), ImageReference.Parse("example.test/fixtures/builder:from-file"), ImagePlatform.LinuxAmd64, CancellationToken.None);
        Assert.Equal(layout.BuildpackBuilderDigest, builder.Image.Digest.ToString());
        Assert.Equal(3, builder.Buildpacks.Count);
        var labels = await PackageBuildpackTests.SkopeoLabelsAsync($"oci:{Path.Combine(directory, "layout")}:from-file");
        Assert.Contains(HelloBuildpacks.WorldId, labels["io.buildpacks.buildpack.layers"], StringComparison.Ordinal);

        var archive = new CreateBuildpackBuilder
        {
            ProjectDirectory = directory,
            BuildpackBuilderConfig = toml,
            BuildpackBuilderImage = "example.test/fixtures/builder:from-file",
            BuildpackArchiveOutputPath = "builder.tar",
            BuildpackLifecycleDirectory = workspace.LifecycleDirectory,
        };
        TaskRun.Succeeds(archive);
        Assert.Equal(layout.BuildpackBuilderDigest, archive.BuildpackBuilderDigest);
        var fromArchive = await BuilderReader.ReadAsync(
            new ImageArchiveStore(Path.Combine(directory, "builder.tar")), ImageReference.Parse("example.test/fixtures/builder:from-file"), ImagePlatform.LinuxAmd64, CancellationToken.None);
        Assert.Equal(builder.Image.Digest, fromArchive.Image.Digest);
        Assert.Equal(builder.Buildpacks.Select(b => b.ToString()), fromArchive.Buildpacks.Select(b => b.ToString()));
    }

    [Fact]
    public async Task Pull_policy_Never_with_a_layout_output_reads_the_build_image_from_that_layout()
    {
        var directory = workspace.NewDirectory("never");
        var layoutPath = Path.Combine(directory, "layout");
        using (var registry = BuilderWorkspace.RegistryStore())
        {
            var buildImage = await registry.TryReadImageAsync(ImageReference.Parse(workspace.BuildImage), ImagePlatform.LinuxAmd64, CancellationToken.None);
            await new OciLayoutImageStore(layoutPath).WriteImageAsync(
                new Images.Stores.ImageWriteRequest
                {
                    Tags = [ImageReference.Parse("example.test/fixtures/build:local")],
                    Config = buildImage!.Config,
                    Layers = buildImage.Layers.Select(l => Images.Stores.LayerToWrite.From(buildImage, l)).ToList(),
                },
                CancellationToken.None);
        }

        var toml = workspace.WriteBuilderToml(
            workspace.UniverseBuildpacks,
            buildImage: "example.test/fixtures/build:local");
        var task = new CreateBuildpackBuilder
        {
            ProjectDirectory = directory,
            BuildpackBuilderConfig = toml,
            BuildpackBuilderImage = "example.test/fixtures/builder:never",
            BuildpackLayoutOutputPath = "layout",
            BuildpackLifecycleDirectory = workspace.LifecycleDirectory,
            BuildpackPullPolicy = "Never",
        };

        var engine = TaskRun.Succeeds(task);

        Assert.Contains(engine.MessagesAt(MessageImportance.Low), m => m == $"Images are read from OCI layout {layoutPath} (BuildpackPullPolicy=Never).");
        var builder = await BuilderReader.ReadAsync(new OciLayoutImageStore(layoutPath), ImageReference.Parse("example.test/fixtures/builder:never"), ImagePlatform.LinuxAmd64, CancellationToken.None);
        Assert.Equal(3, builder.Buildpacks.Count);
    }

    [Fact]
    public async Task Without_another_destination_the_builder_goes_to_the_daemon()
    {
        await RequiredServices.RequireDockerAsync();
        var toml = workspace.WriteBuilderToml(workspace.UniverseBuildpacks);
        var name = $"buildpacks-msbuild-tests/builder:{Guid.NewGuid():N}";
        var task = new CreateBuildpackBuilder
        {
            ProjectDirectory = Path.GetDirectoryName(toml)!,
            BuildpackBuilderConfig = "builder.toml",
            BuildpackBuilderImage = name,
            BuildpackLifecycleDirectory = workspace.LifecycleDirectory,
            BuildpackDockerHost = "unix://" + RequiredServices.DockerSocket,
        };
        try
        {
            var engine = TaskRun.Succeeds(task);

            Assert.Contains("in daemon unix://", Assert.Single(engine.MessagesAt(MessageImportance.High)), StringComparison.Ordinal);
            var order = await ProcessRunner.RunCheckedAsync(
                "docker", "-H", "unix://" + RequiredServices.DockerSocket, "image", "inspect", "--format", "{{ index .Config.Labels \"io.buildpacks.buildpack.order\" }}", name);
            Assert.Contains(HelloBuildpacks.UniverseId, order, StringComparison.Ordinal);
        }
        finally
        {
            await ProcessRunner.RunAsync("docker", ["-H", "unix://" + RequiredServices.DockerSocket, "image", "rm", "--force", name]);
        }
    }

    [Fact]
    public async Task A_builder_toml_with_two_targets_gives_an_index_of_one_builder_per_platform()
    {
        // The build image as an index of the workspace's amd64 build image and an arm64 copy of it.
        using var registry = BuilderWorkspace.RegistryStore();
        var amd64 = (await registry.TryReadImageAsync(ImageReference.Parse(workspace.BuildImage), ImagePlatform.LinuxAmd64, CancellationToken.None))!;
        var armName = ImageReference.Parse($"{workspace.Registry.Address}/fixtures/build:1-linux-arm64");
        await registry.WriteImageAsync(
            new Buildpacks.Images.Stores.ImageWriteRequest
            {
                Tags = [armName],
                Config = amd64.Config with { Architecture = "arm64" },
                Layers = amd64.Layers.Select(l => Buildpacks.Images.Stores.LayerToWrite.From(amd64, l)).ToList(),
            },
            CancellationToken.None);
        var arm64 = (await registry.TryReadImageAsync(armName, ImagePlatform.Parse("linux/arm64"), CancellationToken.None))!;
        var buildImage = $"{workspace.Registry.Address}/fixtures/build:multi";
        await registry.WriteIndexAsync(
            new Buildpacks.Images.Stores.Indexes.IndexWriteRequest { Tags = [ImageReference.Parse(buildImage)], Images = [amd64, arm64] },
            CancellationToken.None);
        var toml = workspace.WriteBuilderToml(
            workspace.UniverseBuildpacks,
            buildImage,
            extra: "[[targets]]\nos = \"linux\"\narch = \"amd64\"\n\n[[targets]]\nos = \"linux\"\narch = \"arm64\"");
        var directory = Path.GetDirectoryName(toml)!;

        var task = new CreateBuildpackBuilder
        {
            ProjectDirectory = directory,
            BuildpackBuilderConfig = toml,
            BuildpackBuilderImage = "example.test/fixtures/builder:multi",
            BuildpackLayoutOutputPath = "layout",
            BuildpackLifecycleDirectory = workspace.LifecycleDirectory,
        };
        TaskRun.Succeeds(task);

        var layout = new OciLayoutImageStore(Path.Combine(directory, "layout"));
        var index = await layout.TryReadIndexAsync(ImageReference.Parse("example.test/fixtures/builder:multi"), CancellationToken.None);
        Assert.NotNull(index);
        Assert.Equal(task.BuildpackBuilderDigest, index.Descriptor.Digest.ToString());
        Assert.Equal(["linux/amd64", "linux/arm64"], index.PlatformManifests.Select(m => m.Platform!.ToString()));
        var armBuilder = await BuilderReader.ReadAsync(layout, ImageReference.Parse("example.test/fixtures/builder:multi"), ImagePlatform.Parse("linux/arm64"), CancellationToken.None);
        Assert.Equal("arm64", armBuilder.Image.Config.Architecture);
        Assert.Equal(arm64.Layers[0].Blob.Digest, armBuilder.Image.Layers[0].Blob.Digest);
        Assert.Equal(3, armBuilder.Buildpacks.Count);
    }
}
