using System.Formats.Tar;
using System.Text.Json;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Buildpacks;
using Buildpacks.Platform.Labels;
using Buildpacks.Platform.Tests.Support;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Buildpacks;
using Buildpacks.TestInfrastructure.Registry;
using Buildpacks.Images.Model;

namespace Buildpacks.Platform.Tests.Builders;

public sealed class BuilderWriterTests
{
    private static readonly ImageReference Tag = ImageReference.Parse("localhost/test/builder:1");

    [Fact]
    public async Task TheBuilderFileSystemHasPacksLayout()
    {
        using var scenario = await BuilderScenario.CreateAsync();
        var layout = new OciLayoutImageStore(scenario.Temp.Combine("out"));
        await BuilderWriter.CreateAsync(scenario.Request(scenario.WriteBuilderToml()), layout, CancellationToken.None);
        var image = (await layout.TryReadImageAsync(Tag, ImagePlatform.LinuxAmd64, CancellationToken.None))!;

        var files = await ImageLayers.ListAsync(image);

        var world = "/cnb/buildpacks/samples_hello-world/0.0.2";
        Assert.True(files[$"{world}/buildpack.toml"].IsRegularFile);
        Assert.Equal((UnixFileMode)0x1ED, files[$"{world}/bin/detect"].Mode); // 0755
        Assert.Equal((UnixFileMode)0x1A4, files[$"{world}/README.md"].Mode); // 0644, though the source was 0660
        Assert.Equal((UnixFileMode)0x1ED, files[world].Mode);
        Assert.Equal((0, 0), (files[$"{world}/bin/build"].Uid, files[$"{world}/bin/build"].Gid));
        Assert.True(files["/cnb/buildpacks/samples_hello-universe/0.0.2/buildpack.toml"].IsRegularFile);
        Assert.True(files["/cnb/buildpacks/samples_hello-moon/0.0.2/bin/build"].IsRegularFile);
        Assert.True(files["/cnb/order.toml"].IsRegularFile);
        Assert.True(files["/cnb/run.toml"].IsRegularFile);
        Assert.True(files["/cnb/stack.toml"].IsRegularFile);
        Assert.True(files["/cnb/lifecycle/lifecycle"].IsRegularFile);
        Assert.True(files["/cnb/lifecycle/launcher"].IsRegularFile);
        Assert.True(files["/cnb/lifecycle/lifecycle.toml"].IsRegularFile);
        foreach (var phase in new[] { "analyzer", "detector", "restorer", "builder", "exporter", "creator", "rebaser" })
        {
            Assert.Equal(TarEntryType.SymbolicLink, files[$"/cnb/lifecycle/{phase}"].Type);
            Assert.Equal("lifecycle", files[$"/cnb/lifecycle/{phase}"].LinkName);
        }

        Assert.Equal((1000, 1000), (files["/workspace"].Uid, files["/workspace"].Gid));
        Assert.Equal((1000, 1000), (files["/layers"].Uid, files["/layers"].Gid));
        Assert.Equal((0, 0), (files["/cnb"].Uid, files["/cnb"].Gid));
        Assert.Equal(TarEntryType.Directory, files["/platform/env"].Type);
        Assert.Equal("hello", await ImageLayers.ReadTextAsync(image, "/cnb/build-config/env/BP_GREETING"));
        Assert.Equal("/opt/tools/bin", await ImageLayers.ReadTextAsync(image, "/cnb/build-config/env/PATH.prepend"));
        Assert.Equal(":", await ImageLayers.ReadTextAsync(image, "/cnb/build-config/env/PATH.delim"));
        Assert.Equal("/layers", image.Config.Config.WorkingDir);
        Assert.Contains("CNB_USER_ID=1000", image.Config.Config.Env!);
        Assert.Equal("1000:1000", image.Config.Config.User);
    }

    [Fact]
    public async Task OrderAndRunTomlHoldTheResolvedOrderAndTheRunImages()
    {
        using var scenario = await BuilderScenario.CreateAsync();
        var layout = new OciLayoutImageStore(scenario.Temp.Combine("out"));
        await BuilderWriter.CreateAsync(scenario.Request(scenario.WriteBuilderToml()), layout, CancellationToken.None);
        var image = (await layout.TryReadImageAsync(Tag, ImagePlatform.LinuxAmd64, CancellationToken.None))!;

        // The lifecycle's own order.toml reader must read what we wrote, with the left-out version filled in.
        var orderFile = scenario.Temp.WriteFile("order.toml", (await ImageLayers.ReadTextAsync(image, "/cnb/order.toml"))!);
        var order = OrderToml.Read(orderFile);
        Assert.Equal(
            [[new GroupElement("samples/hello-universe", "0.0.2")], [new GroupElement("samples/hello-world", "0.0.2", Optional: true)]],
            order.Groups.Select(g => g.Elements.ToList()).ToList());
        var run = (await ImageLayers.ReadTextAsync(image, "/cnb/run.toml"))!;
        Assert.Contains("image = \"registry.example/samples/run:noble\"", run);
        Assert.Contains("mirror.example/samples/run:noble", run);
        Assert.Contains("[run-image]", (await ImageLayers.ReadTextAsync(image, "/cnb/stack.toml"))!);
    }

    [Fact]
    public async Task ReadingTheBuilderBackGivesWhatTheTomlSays()
    {
        using var scenario = await BuilderScenario.CreateAsync();
        var toml = scenario.WriteBuilderToml();
        var config = BuilderToml.Read(toml);
        var layout = new OciLayoutImageStore(scenario.Temp.Combine("out"));
        var written = await BuilderWriter.CreateAsync(scenario.Request(toml), layout, CancellationToken.None);

        var builder = await BuilderReader.ReadAsync(layout, Tag, ImagePlatform.LinuxAmd64, CancellationToken.None);

        Assert.Equal(config.Description, builder.Description);
        Assert.Equal(config.RunImages, builder.RunImages);
        Assert.Equal(written.Order.Groups.SelectMany(g => g.Elements), builder.Order.Groups.SelectMany(g => g.Elements));
        Assert.Equal(config.Order.Groups.Select(g => g.Elements.Select(e => (e.Id, e.Optional))), builder.Order.Groups.Select(g => g.Elements.Select(e => (e.Id, e.Optional))));
        Assert.Equal(
            ["samples/hello-moon@0.0.2", "samples/hello-universe@0.0.2", "samples/hello-world@0.0.2"],
            builder.Buildpacks.Select(b => b.ToString()));
        Assert.Equal(written.Buildpacks.Select(b => b.DiffId), builder.Buildpacks.Select(b => b.DiffId));
        var universe = builder.FindBuildpack("samples/hello-universe", "0.0.2")!;
        Assert.True(universe.IsComposite);
        Assert.Equal("0.11", universe.Api);
        Assert.Equal("Hello Universe Buildpack", universe.Name);
        Assert.Equal(["linux"], builder.FindBuildpack("samples/hello-world", "0.0.2")!.Targets.Select(t => t.Os));
        Assert.Equal((1000, 1000), (builder.UserId, builder.GroupId));
        Assert.Equal(LifecycleDescriptor.OurLifecycle(), builder.Lifecycle);
        Assert.Equal(["0.7", "0.8", "0.9", "0.10", "0.11", "0.12"], builder.Lifecycle.Buildpack.Supported);
        Assert.Equal(BuilderCreator.BuildpacksMSBuild, builder.CreatedBy);
        var env = await BuilderReader.ReadBuildConfigEnvAsync(builder, CancellationToken.None);
        Assert.Equal(
            config.BuildEnv.Select(e => (e.FileName, e.Value)).Append(("PATH.delim", ":")).OrderBy(e => e.Item1, StringComparer.Ordinal),
            env.Select(e => (e.Key, e.Value)).OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheSameInputsGiveTheSameBuilderDigest()
    {
        using var scenario = await BuilderScenario.CreateAsync();
        var toml = scenario.WriteBuilderToml();

        var first = await BuilderWriter.CreateAsync(scenario.Request(toml), new OciLayoutImageStore(scenario.Temp.Combine("one")), CancellationToken.None);
        var second = await BuilderWriter.CreateAsync(scenario.Request(toml), new OciLayoutImageStore(scenario.Temp.Combine("two")), CancellationToken.None);

        Assert.Equal(first.Image.ManifestDigest, second.Image.ManifestDigest);
    }

    [Fact]
    public async Task AChangedBuildpackChangesTheDigest()
    {
        using var scenario = await BuilderScenario.CreateAsync();
        var toml = scenario.WriteBuilderToml();
        var first = await BuilderWriter.CreateAsync(scenario.Request(toml), new OciLayoutImageStore(scenario.Temp.Combine("one")), CancellationToken.None);

        File.AppendAllText(Path.Combine(scenario.BuildpacksDirectory, "hello-moon", "bin", "build"), "echo changed\n");
        var second = await BuilderWriter.CreateAsync(scenario.Request(toml), new OciLayoutImageStore(scenario.Temp.Combine("two")), CancellationToken.None);

        Assert.NotEqual(first.Image.ManifestDigest, second.Image.ManifestDigest);
        Assert.Equal(first.Buildpacks.Single(b => b.Id == HelloBuildpacks.WorldId).DiffId, second.Buildpacks.Single(b => b.Id == HelloBuildpacks.WorldId).DiffId);
    }

    [Fact]
    public async Task SkopeoSeesTheBuilderLabelsInTheRegistry()
    {
        var skopeo = RequiredServices.RequireTool("skopeo");
        await using var registry = await RegistryServer.StartAsync();
        using var store = TestRegistry.Store();
        using var scenario = await BuilderScenario.CreateAsync(store, $"{registry.Address}/stack/build:1");
        var tag = $"{registry.Address}/builders/sample:1";
        var written = await BuilderWriter.CreateAsync(scenario.Request(scenario.WriteBuilderToml(), tag), store, CancellationToken.None);

        var inspect = await ProcessRunner.RunAsync(skopeo, ["inspect", "--tls-verify=false", $"docker://{tag}"]);

        inspect.EnsureSuccess("skopeo inspect");
        using var json = JsonDocument.Parse(inspect.StandardOutput);
        Assert.Equal(written.Image.ManifestDigest.ToString(), json.RootElement.GetProperty("Digest").GetString());
        var labels = json.RootElement.GetProperty("Labels");
        using var metadata = JsonDocument.Parse(labels.GetProperty(LabelNames.BuilderMetadata).GetString()!);
        Assert.Equal("Sample builder for the platform tests", metadata.RootElement.GetProperty("description").GetString());
        Assert.Equal("registry.example/samples/run:noble", metadata.RootElement.GetProperty("stack").GetProperty("runImage").GetProperty("image").GetString());
        Assert.Equal("mirror.example/samples/run:noble", metadata.RootElement.GetProperty("images")[0].GetProperty("mirrors")[0].GetString());
        Assert.Equal("Buildpacks.MSBuild", metadata.RootElement.GetProperty("createdBy").GetProperty("name").GetString());
        Assert.Equal(3, metadata.RootElement.GetProperty("buildpacks").GetArrayLength());
        Assert.Equal("0.15", metadata.RootElement.GetProperty("lifecycle").GetProperty("apis").GetProperty("platform").GetProperty("supported").EnumerateArray().Last().GetString());
        using var layers = JsonDocument.Parse(labels.GetProperty(LabelNames.BuildpackLayers).GetString()!);
        var universe = layers.RootElement.GetProperty("samples/hello-universe").GetProperty("0.0.2");
        Assert.Equal("0.11", universe.GetProperty("api").GetString());
        Assert.Equal("samples/hello-moon", universe.GetProperty("order")[0].GetProperty("group")[1].GetProperty("id").GetString());
        Assert.True(universe.GetProperty("order")[0].GetProperty("group")[1].GetProperty("optional").GetBoolean());
        Assert.StartsWith("sha256:", layers.RootElement.GetProperty("samples/hello-world").GetProperty("0.0.2").GetProperty("layerDiffID").GetString());
        Assert.Equal(
            """[{"group":[{"id":"samples/hello-universe","version":"0.0.2"}]},{"group":[{"id":"samples/hello-world","version":"0.0.2","optional":true}]}]""",
            labels.GetProperty(LabelNames.BuildpackOrder).GetString());
        Assert.Equal(LifecycleDescriptor.OurVersion, labels.GetProperty(LabelNames.LifecycleVersion).GetString());
        Assert.Contains("\"supported\":[\"0.12\",\"0.13\",\"0.14\",\"0.15\"]", labels.GetProperty(LabelNames.LifecycleApis).GetString());
        Assert.Equal("busybox", labels.GetProperty("io.buildpacks.base.distro.name").GetString());

        var builder = await BuilderReader.ReadAsync(store, ImageReference.Parse(tag), ImagePlatform.LinuxAmd64, CancellationToken.None);
        Assert.Equal(written.Buildpacks.Select(b => b.DiffId), builder.Buildpacks.Select(b => b.DiffId));
    }

    [Fact]
    public async Task WritingTheBuilderAgainToTheRegistrySkipsTheLayersItAlreadyHas()
    {
        await using var registry = await RegistryServer.StartAsync();
        using var store = TestRegistry.Store();
        using var scenario = await BuilderScenario.CreateAsync(store, $"{registry.Address}/stack/build:1");
        var toml = scenario.WriteBuilderToml();
        await BuilderWriter.CreateAsync(scenario.Request(toml, $"{registry.Address}/builders/sample:1"), store, CancellationToken.None);

        var again = await BuilderWriter.CreateAsync(scenario.Request(toml, $"{registry.Address}/builders/sample:2"), store, CancellationToken.None);

        Assert.Equal(0, again.Image.Statistics.BlobsCopied);
        Assert.True(again.Image.Statistics.BlobsSkipped >= 3 + 3, $"skipped {again.Image.Statistics.BlobsSkipped}");
    }

    [Fact]
    public async Task ABuilderWhoseLabelsLackTheOrderAndRunImagesIsReadFromItsFiles()
    {
        using var scenario = await BuilderScenario.CreateAsync();
        var layout = new OciLayoutImageStore(scenario.Temp.Combine("out"));
        var written = await BuilderWriter.CreateAsync(scenario.Request(scenario.WriteBuilderToml()), layout, CancellationToken.None);
        var image = (await layout.TryReadImageAsync(Tag, ImagePlatform.LinuxAmd64, CancellationToken.None))!;

        // An older pack's builder: no order label, no run images in the metadata, no lifecycle APIs anywhere in labels.
        var labels = image.Labels.Where(l => l.Key is not (LabelNames.BuildpackOrder or LabelNames.LifecycleApis)).ToDictionary();
        var metadata = JsonDocument.Parse(labels[LabelNames.BuilderMetadata]).RootElement;
        labels[LabelNames.BuilderMetadata] = """{"description":"old","buildpacks":[],"stack":{"runImage":{"image":""}},"lifecycle":{"version":"0.9.0"},"createdBy":{"name":"Pack CLI","version":"0.20.0"}}""";
        Assert.Equal("Sample builder for the platform tests", metadata.GetProperty("description").GetString());
        var stripped = ImageReference.Parse("localhost/test/old-builder:1");
        await layout.WriteImageAsync(
            new ImageWriteRequest
            {
                Tags = [stripped],
                Config = image.Config with { Config = image.Config.Config with { Labels = labels } },
                Layers = image.Layers.Select(l => LayerToWrite.From(image, l)).ToList(),
            },
            CancellationToken.None);

        var builder = await BuilderReader.ReadAsync(layout, stripped, ImagePlatform.LinuxAmd64, CancellationToken.None);

        Assert.Equal(written.Order.Groups.SelectMany(g => g.Elements), builder.Order.Groups.SelectMany(g => g.Elements));
        Assert.Equal(scenario.Request(Path.Combine(scenario.Temp.Path, "builder.toml")).Config.RunImages, builder.RunImages);
        Assert.Equal(LifecycleDescriptor.OurLifecycle().Platform, builder.Lifecycle.Platform);
        Assert.Equal("0.9.0", builder.Lifecycle.Version);
    }

    [Fact]
    public async Task ABuildImageWithoutCnbUserIdIsRejectedNamingIt()
    {
        using var scenario = await BuilderScenario.CreateAsync(withCnbUser: false);

        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            BuilderWriter.CreateAsync(scenario.Request(scenario.WriteBuilderToml()), new OciLayoutImageStore(scenario.Temp.Combine("out")), CancellationToken.None));

        Assert.Contains("CNB_USER_ID", error.Message);
        Assert.Contains(scenario.BuildImage.ToString(), error.Message);
    }

    [Fact]
    public async Task AnOrderNamingABuildpackThatIsNotGivenIsRejected()
    {
        using var scenario = await BuilderScenario.CreateAsync();
        var toml = scenario.WriteBuilderToml(extra: "\n[[order]]\n[[order.group]]\nid = \"samples/absent\"\n");

        var error = await Assert.ThrowsAsync<BuildpackException>(() =>
            BuilderWriter.CreateAsync(scenario.Request(toml), new OciLayoutImageStore(scenario.Temp.Combine("out")), CancellationToken.None));

        Assert.Contains("samples/absent", error.Message);
        Assert.Contains("[[order]]", error.Message);
    }

    [Fact]
    public async Task ACompositeWhoseComponentsAreNotGivenIsRejected()
    {
        using var scenario = await BuilderScenario.CreateAsync();
        var toml = scenario.WriteBuilderToml("""
            [[buildpacks]]
            uri = "buildpacks/hello-universe"

            [[buildpacks]]
            uri = "buildpacks/hello-world"
            """);

        var error = await Assert.ThrowsAsync<BuildpackException>(() =>
            BuilderWriter.CreateAsync(scenario.Request(toml), new OciLayoutImageStore(scenario.Temp.Combine("out")), CancellationToken.None));

        Assert.Contains("samples/hello-moon", error.Message);
        Assert.Contains("samples/hello-universe", error.Message);
    }

    [Fact]
    public async Task ABuilderWithoutLifecycleUriIsRejectedUnlessTheCallerGivesOne()
    {
        using var scenario = await BuilderScenario.CreateAsync();
        var toml = scenario.WriteBuilderToml();
        File.WriteAllText(toml, File.ReadAllText(toml).Replace("uri = \"lifecycle\"", "version = \"0.21.0\"", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<ConfigFileException>(() =>
            BuilderWriter.CreateAsync(scenario.Request(toml), new OciLayoutImageStore(scenario.Temp.Combine("out")), CancellationToken.None));
        var written = await BuilderWriter.CreateAsync(
            scenario.Request(toml) with { LifecyclePath = scenario.Temp.Combine("lifecycle") },
            new OciLayoutImageStore(scenario.Temp.Combine("out")),
            CancellationToken.None);

        Assert.Equal("lifecycle.uri", error.Key);
        Assert.Equal("0.21.0", written.Lifecycle.Version);
    }
}
