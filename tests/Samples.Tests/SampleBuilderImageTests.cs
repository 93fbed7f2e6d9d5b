using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Buildpacks;
using Buildpacks.Samples.Tests.Support;
using Buildpacks.TestInfrastructure;
using Buildpacks.Images.Model;

namespace Buildpacks.Samples.Tests;

/// <summary>The sample builder image and the sample buildpack packages, as the platform library reads them back.</summary>
public sealed class SampleBuilderImageTests
{
    private static string BuilderToml => Path.Combine(RepositoryPaths.Root, "samples", "builder", "builder.toml");

    [Fact]
    public async Task The_sample_builder_in_the_registry_has_the_buildpacks_order_and_run_image_of_its_builder_toml()
    {
        var reference = await SampleBuilder.ReferenceAsync();
        var config = Buildpacks.Platform.Builders.BuilderToml.Read(BuilderToml);
        using var store = new RegistryStore(new RegistrySettings());

        var builder = await BuilderReader.ReadAsync(store, ImageReference.Parse(reference), ImagePlatform.LinuxAmd64, CancellationToken.None);

        Assert.Equal(
            ["buildpacks-msbuild/dotnet-app@0.1.0", "buildpacks-msbuild/dotnet-runtime@0.1.0"],
            builder.Buildpacks.Select(b => $"{b.Id}@{b.Version}").Order(StringComparer.Ordinal));
        Assert.All(builder.Buildpacks, b => Assert.Equal("0.10", b.Api));
        var group = Assert.Single(builder.Order.Groups);
        Assert.Equal(
            [("buildpacks-msbuild/dotnet-runtime", true), ("buildpacks-msbuild/dotnet-app", false)],
            group.Elements.Select(e => (e.Id, e.Optional)));
        Assert.Equal(config.RunImages, builder.RunImages);
        Assert.Equal("127.0.0.1:5000/buildpacks-samples/run:bookworm", builder.DefaultRunImage!.Image);
        Assert.Equal((1000, 1000), (builder.UserId, builder.GroupId));
        Assert.Equal(LifecycleDescriptor.OurLifecycle().Buildpack, builder.Lifecycle.Buildpack);
    }

    [Theory]
    [InlineData("dotnet-runtime", "buildpacks-msbuild/dotnet-runtime")]
    [InlineData("dotnet-app", "buildpacks-msbuild/dotnet-app")]
    public async Task Each_sample_buildpack_packages_from_its_package_toml_into_a_cnb_file(string directory, string id)
    {
        using var temp = new TempDirectory("samples-package");
        var config = PackageToml.Read(Path.Combine(RepositoryPaths.SampleBuildpacks, directory, "package.toml"));

        var result = await BuildpackPackager.CreateFileAsync(config, temp.Combine("buildpack.cnb"), null, CancellationToken.None);

        Assert.Equal((id, "0.1.0"), (result.Id, result.Version));
        Assert.True(new FileInfo(temp.Combine("buildpack.cnb")).Length > 0);
    }
}
