using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Platform.Builders;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Buildpacks;

namespace Buildpacks.Platform.Tests.Support;

/// <summary>
/// A directory with the sample buildpacks, a lifecycle stand-in, a busybox build image in a source store and a
/// builder.toml that uses them all.
/// </summary>
internal sealed class BuilderScenario : IDisposable
{
    private BuilderScenario(TempDirectory temp, IImageStore images, ImageReference buildImage)
    {
        Temp = temp;
        Images = images;
        BuildImage = buildImage;
    }

    public TempDirectory Temp { get; }

    /// <summary>Where the build image (and any package images) live.</summary>
    public IImageStore Images { get; }

    public ImageReference BuildImage { get; }

    public string BuildpacksDirectory => Temp.Combine("buildpacks");

    public static async Task<BuilderScenario> CreateAsync(IImageStore? images = null, string buildImage = "localhost/test/build:1", bool withCnbUser = true)
    {
        var temp = new TempDirectory("bp-platform");
        images ??= new OciLayoutImageStore(temp.Combine("images"));
        var reference = ImageReference.Parse(buildImage);
        await BusyboxBuildImage.WriteAsync(images, reference, temp.Path, withCnbUser);
        HelloBuildpacks.WriteTo(temp.Combine("buildpacks"));
        LifecycleStandIn.Write(temp.Combine("lifecycle"));
        return new BuilderScenario(temp, images, reference);
    }

    /// <summary>Writes builder.toml with <paramref name="buildpacks"/> as its [[buildpacks]] tables (default: the three directories).</summary>
    public string WriteBuilderToml(string? buildpacks = null, string extra = "")
    {
        buildpacks ??= """
            [[buildpacks]]
            id = "samples/hello-universe"
            uri = "buildpacks/hello-universe"

            [[buildpacks]]
            uri = "buildpacks/hello-world"

            [[buildpacks]]
            uri = "file://buildpacks/hello-moon"
            """;
        return Temp.WriteFile("builder.toml", $"""
            description = "Sample builder for the platform tests"

            {buildpacks}

            [[order]]
            [[order.group]]
            id = "samples/hello-universe"
            version = "0.0.2"

            [[order]]
            [[order.group]]
            id = "samples/hello-world"
            optional = true

            [build]
            image = "{BuildImage}"

            [[build.env]]
            name = "BP_GREETING"
            value = "hello"

            [[build.env]]
            name = "PATH"
            value = "/opt/tools/bin"
            suffix = "prepend"
            delim = ":"

            [[run.images]]
            image = "registry.example/samples/run:noble"
            mirrors = ["mirror.example/samples/run:noble"]

            [lifecycle]
            uri = "lifecycle"

            [[targets]]
            os = "linux"
            arch = "amd64"
            {extra}
            """);
    }

    public BuilderCreateRequest Request(string builderToml, string tag = "localhost/test/builder:1") => new()
    {
        Config = BuilderToml.Read(builderToml),
        Tags = [ImageReference.Parse(tag)],
        Images = Images,
    };

    public void Dispose() => Temp.Dispose();
}
