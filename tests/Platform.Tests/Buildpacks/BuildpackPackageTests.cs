using System.Text.Json;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Buildpacks;
using Buildpacks.Platform.Labels;
using Buildpacks.Platform.Tests.Support;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Buildpacks;
using Buildpacks.TestInfrastructure.Registry;
using Buildpacks.Images.Model;

namespace Buildpacks.Platform.Tests.Buildpacks;

public sealed class BuildpackPackageTests
{
    [Fact]
    public async Task ACompositePackageCarriesEachComponentAsALayerWithPacksLabels()
    {
        using var scenario = await BuilderScenario.CreateAsync();
        var config = PackageToml.Read(Path.Combine(scenario.BuildpacksDirectory, "hello-universe", "package.toml"));
        var layout = new OciLayoutImageStore(scenario.Temp.Combine("packages"));
        var tag = ImageReference.Parse("localhost/buildpacks/hello-universe:0.0.2");

        var result = await BuildpackPackager.CreateAsync(config, layout, [tag], null, CancellationToken.None);

        var image = (await layout.TryReadImageAsync(tag, ImagePlatform.LinuxAmd64, CancellationToken.None))!;
        Assert.Equal(3, image.Layers.Count);
        Assert.Equal(result.Buildpacks.Select(b => b.DiffId), image.Layers.Select(l => l.DiffId));
        using var metadata = JsonDocument.Parse(image.Labels[LabelNames.BuildpackageMetadata]);
        Assert.Equal(HelloBuildpacks.UniverseId, metadata.RootElement.GetProperty("id").GetString());
        Assert.Equal("0.0.2", metadata.RootElement.GetProperty("version").GetString());
        using var layers = JsonDocument.Parse(image.Labels[LabelNames.BuildpackLayers]);
        Assert.Equal([HelloBuildpacks.MoonId, HelloBuildpacks.UniverseId, HelloBuildpacks.WorldId], layers.RootElement.EnumerateObject().Select(p => p.Name));
        var files = await ImageLayers.ListLayerAsync(image, image.Layers[0]);
        Assert.Contains(files, f => ImageLayers.Normalize(f.Name) == "/cnb/buildpacks/samples_hello-universe/0.0.2/buildpack.toml");
        Assert.Equal("linux", image.Config.Os);
    }

    [Fact]
    public async Task APackageFileIsAnOciArchiveThatReadsBackWithItsBuildpacks()
    {
        using var scenario = await BuilderScenario.CreateAsync();
        var config = PackageToml.Read(Path.Combine(scenario.BuildpacksDirectory, "hello-universe", "package.toml"));
        var file = scenario.Temp.Combine("hello-universe.cnb");

        var result = await BuildpackPackager.CreateFileAsync(config, file, null, CancellationToken.None);
        var package = await BuildpackPackageReader.ReadFileAsync(file, CancellationToken.None);

        Assert.Equal((HelloBuildpacks.UniverseId, HelloBuildpacks.Version), (package.Id, package.Version));
        Assert.True(package.Main.IsComposite);
        Assert.Equal(
            result.Buildpacks.OrderBy(b => b.Id, StringComparer.Ordinal).Select(b => (b.ToString(), b.DiffId)),
            package.Buildpacks.Select(b => (b.ToString(), b.DiffId)));

        // The OCI layout inside the tar is what skopeo and podman take as oci-archive.
        var skopeo = RequiredServices.RequireTool("skopeo");
        var inspect = await ProcessRunner.RunAsync(skopeo, ["inspect", $"oci-archive:{file}"]);
        inspect.EnsureSuccess("skopeo inspect oci-archive");
        Assert.Contains(LabelNames.BuildpackageMetadata, inspect.StandardOutput);
    }

    [Fact]
    public async Task PackagingTwiceGivesTheSameFileBytes()
    {
        using var scenario = await BuilderScenario.CreateAsync();
        var config = PackageToml.Read(Path.Combine(scenario.BuildpacksDirectory, "hello-universe", "package.toml"));

        await BuildpackPackager.CreateFileAsync(config, scenario.Temp.Combine("one.cnb"), null, CancellationToken.None);
        await BuildpackPackager.CreateFileAsync(config, scenario.Temp.Combine("two.cnb"), null, CancellationToken.None);

        Assert.Equal(File.ReadAllBytes(scenario.Temp.Combine("one.cnb")), File.ReadAllBytes(scenario.Temp.Combine("two.cnb")));
    }

    [Fact]
    public async Task ACompositeWithoutItsDependenciesCannotBePackaged()
    {
        using var scenario = await BuilderScenario.CreateAsync();
        var path = scenario.Temp.WriteFile("package.toml", "[buildpack]\nuri = \"buildpacks/hello-universe\"\n\n[[dependencies]]\nuri = \"buildpacks/hello-world\"\n");

        var error = await Assert.ThrowsAsync<BuildpackException>(() =>
            BuildpackPackager.CreateFileAsync(PackageToml.Read(path), scenario.Temp.Combine("x.cnb"), null, CancellationToken.None));

        Assert.Contains(HelloBuildpacks.MoonId, error.Message);
        Assert.False(File.Exists(scenario.Temp.Combine("x.cnb")));
    }

    [Fact]
    public async Task AnImageThatIsNotAPackageIsRejectedSayingSo()
    {
        using var scenario = await BuilderScenario.CreateAsync();

        var error = await Assert.ThrowsAsync<BuildpackException>(() =>
            BuildpackPackageReader.ReadAsync(scenario.Images, scenario.BuildImage, ImagePlatform.LinuxAmd64, CancellationToken.None));

        Assert.Contains(LabelNames.BuildpackageMetadata, error.Message);
        Assert.Contains(scenario.BuildImage.ToString(), error.Message);
    }

    [Fact]
    public async Task ABuilderTakesThePackageByImageNameAndByFilePathWithTheSameBuildpackLayers()
    {
        await using var registry = await RegistryServer.StartAsync();
        using var store = TestRegistry.Store();
        using var scenario = await BuilderScenario.CreateAsync(store, $"{registry.Address}/stack/build:1");
        var package = PackageToml.Read(Path.Combine(scenario.BuildpacksDirectory, "hello-universe", "package.toml"));
        var packageImage = $"{registry.Address}/buildpacks/hello-universe:0.0.2";
        await BuildpackPackager.CreateAsync(package, store, [ImageReference.Parse(packageImage)], null, CancellationToken.None);
        await BuildpackPackager.CreateFileAsync(package, scenario.Temp.Combine("hello-universe.cnb"), null, CancellationToken.None);

        var fromDirectories = await BuilderWriter.CreateAsync(scenario.Request(scenario.WriteBuilderToml(), $"{registry.Address}/builders/dirs:1"), store, CancellationToken.None);
        var fromImage = await BuilderWriter.CreateAsync(
            scenario.Request(scenario.WriteBuilderToml($"[[buildpacks]]\nuri = \"docker://{packageImage}\"\n"), $"{registry.Address}/builders/image:1"),
            store,
            CancellationToken.None);
        var fromFile = await BuilderWriter.CreateAsync(
            scenario.Request(scenario.WriteBuilderToml("[[buildpacks]]\nuri = \"./hello-universe.cnb\"\n"), $"{registry.Address}/builders/file:1"),
            store,
            CancellationToken.None);

        var expected = fromDirectories.Buildpacks.Select(b => (b.ToString(), b.DiffId)).ToList();
        Assert.Equal(3, expected.Count);
        Assert.Equal(expected, fromImage.Buildpacks.Select(b => (b.ToString(), b.DiffId)));
        Assert.Equal(expected, fromFile.Buildpacks.Select(b => (b.ToString(), b.DiffId)));
        Assert.Equal(fromDirectories.Image.ManifestDigest, fromImage.Image.ManifestDigest);
        Assert.Equal(fromDirectories.Image.ManifestDigest, fromFile.Image.ManifestDigest);

        // The package's and the build image's layers were already in the registry: they are mounted into the builder's
        // repository, not uploaded again; only the builder's own small layers and config are copied.
        Assert.Equal(3 + 1, fromImage.Image.Statistics.BlobsMounted + fromImage.Image.Statistics.BlobsSkipped);
        Assert.Equal(fromDirectories.Image.Statistics.BlobsCopied - 3, fromImage.Image.Statistics.BlobsCopied);
        var read = await BuilderReader.ReadAsync(store, ImageReference.Parse($"{registry.Address}/builders/file:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);
        Assert.Equal(expected, read.Buildpacks.Select(b => (b.ToString(), b.DiffId)));
    }

    [Fact]
    public async Task ABuildpacksEntryPointsAreExecutableInItsLayerEvenWhenTheSourceHadNoExecuteBits()
    {
        // As pack makes them (calcFileMode): a buildpack written on Windows or checked out without modes still runs.
        using var temp = new TempDirectory("entry-points");
        var directory = Directory.CreateDirectory(temp.Combine("bp", "bin")).Parent!.FullName;
        File.WriteAllText(Path.Combine(directory, "buildpack.toml"), "api = \"0.10\"\n[buildpack]\nid = \"tests/modes\"\nversion = \"1.0.0\"\n[[targets]]\nos = \"linux\"\n");
        foreach (var file in new[] { "bin/detect", "bin/build", "bin/helper.sh" })
        {
            File.WriteAllText(Path.Combine(directory, file), "#!/bin/sh\nexit 0\n");
            File.SetUnixFileMode(Path.Combine(directory, file), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        await BuildpackLayerWriter.WriteAsync(directory, temp.Path, "bp", CancellationToken.None);

        var written = Assert.Single(Directory.GetFiles(temp.Path, "buildpack-*.tar.gz"));
        var modes = (await Images.Layers.LayerReader.ListAsync(written)).ToDictionary(e => e.Name, e => e.Mode);
        var root = "cnb/buildpacks/tests_modes/1.0.0/";
        Assert.Equal(Images.Layers.LayerModes.Executable, modes[root + "bin/detect"]);
        Assert.Equal(Images.Layers.LayerModes.Executable, modes[root + "bin/build"]);
        Assert.Equal(Images.Layers.LayerModes.File, modes[root + "bin/helper.sh"]);
    }

    [Fact]
    public async Task ABuildpackTarballGivesTheSameLayerAsItsDirectory()
    {
        using var scenario = await BuilderScenario.CreateAsync();
        var tgz = scenario.Temp.Combine("hello-world.tgz");
        await ProcessRunner.RunAsync("tar", ["-czf", tgz, "-C", Path.Combine(scenario.BuildpacksDirectory, "hello-world"), "."]).ContinueWith(t => t.Result.EnsureSuccess("tar"));
        var resolver = new BuildpackResolver(null, ImagePlatform.LinuxAmd64, scenario.Temp.Path);

        var fromTarball = await resolver.ResolveAsync(BuildpackLocation.Parse("hello-world.tgz", scenario.Temp.Path), CancellationToken.None);
        var fromDirectory = await resolver.ResolveAsync(BuildpackLocation.Parse("buildpacks/hello-world", scenario.Temp.Path), CancellationToken.None);

        Assert.Equal(BuildpackLocationKind.Archive, BuildpackLocation.Parse("hello-world.tgz", scenario.Temp.Path).Kind);
        Assert.Equal(Assert.Single(fromDirectory).DiffId, Assert.Single(fromTarball).DiffId);
    }
}
