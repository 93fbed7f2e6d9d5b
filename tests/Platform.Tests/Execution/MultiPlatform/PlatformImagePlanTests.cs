using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;
using Buildpacks.Platform.Execution.MultiPlatform;

namespace Buildpacks.Platform.Tests.Execution.MultiPlatform;

/// <summary>What a multi-platform publish (BuildpackRuntimeIdentifiers) makes, decided before any inner publish.</summary>
public sealed class PlatformImagePlanTests
{
    private static readonly ImageReference[] Tags = [ImageReference.Parse("127.0.0.1:5000/team/app:1.4"), ImageReference.Parse("127.0.0.1:5000/team/app:latest")];

    [Theory]
    [InlineData("linux-x64", "linux/amd64")]
    [InlineData("linux-arm64", "linux/arm64")]
    [InlineData("linux-musl-arm64", "linux/arm64")]
    [InlineData("linux-arm", "linux/arm/v7")]
    [InlineData("LINUX-X64", "linux/amd64")]
    public void A_linux_rid_maps_to_the_platform_the_sdk_maps_it_to(string rid, string platform) =>
        Assert.Equal(platform, RuntimeIdentifierPlatform.TryParse(rid)!.Platform.ToString());

    [Theory]
    [InlineData("win-x64")]
    [InlineData("osx-arm64")]
    [InlineData("linux-sparc")]
    [InlineData("")]
    public void A_rid_of_no_linux_platform_maps_to_none(string rid) => Assert.Null(RuntimeIdentifierPlatform.TryParse(rid));

    [Fact]
    public void Each_rid_gets_an_image_named_tag_dash_rid_in_the_order_given()
    {
        var plan = PlatformImagePlan.For(["linux-x64", "linux-arm64"], Tags, ImageDestination.Registry, "/tmp/scratch");

        Assert.Equal(["linux-x64", "linux-arm64"], plan.Images.Select(i => i.RuntimeIdentifier));
        Assert.Equal(["127.0.0.1:5000/team/app:1.4-linux-x64", "127.0.0.1:5000/team/app:1.4-linux-arm64"], plan.Images.Select(i => i.Name.ToString()));
        Assert.Equal([ImagePlatform.LinuxAmd64, ImagePlatform.Parse("linux/arm64")], plan.Images.Select(i => i.Platform));
        Assert.Equal(ImageDestination.Registry, plan.InnerDestination);
        Assert.Equal(Tags, plan.Tags);
    }

    [Fact]
    public void A_layout_holds_the_platform_images_beside_the_index()
    {
        var layout = new ImageDestination(ImageDestinationKind.Layout, "/tmp/out");

        Assert.Equal(layout, PlatformImagePlan.For(["linux-x64", "linux-arm64"], Tags, layout, "/tmp/scratch").InnerDestination);
    }

    [Fact]
    public void An_archive_gets_its_platform_images_from_a_scratch_layout()
    {
        var plan = PlatformImagePlan.For(["linux-x64", "linux-arm64"], Tags, new ImageDestination(ImageDestinationKind.Archive, "/tmp/app.tar"), "/tmp/scratch");

        Assert.Equal(new ImageDestination(ImageDestinationKind.Layout, "/tmp/scratch"), plan.InnerDestination);
    }

    [Fact]
    public void The_daemon_is_refused_with_the_destinations_that_hold_an_index()
    {
        var refusal = Assert.Throws<CodedException>(() => PlatformImagePlan.For(["linux-x64", "linux-arm64"], Tags, ImageDestination.Daemon, "/tmp/scratch"));

        Assert.Equal("BP1083", refusal.Coded.Code);
        Assert.Contains("BuildpackPublish=true", refusal.Coded.Text, StringComparison.Ordinal);
        Assert.Contains("BuildpackLayoutOutputPath", refusal.Coded.Text, StringComparison.Ordinal);
        Assert.Contains("BuildpackArchiveOutputPath", refusal.Coded.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rid_without_a_linux_platform_is_refused() =>
        Assert.Equal("BP1084", Assert.Throws<CodedException>(() => PlatformImagePlan.For(["linux-x64", "win-x64"], Tags, ImageDestination.Registry, "/tmp/s")).Coded.Code);

    [Fact]
    public void Two_rids_of_one_platform_are_refused() =>
        Assert.Equal("BP1085", Assert.Throws<CodedException>(() => PlatformImagePlan.For(["linux-x64", "linux-musl-x64"], Tags, ImageDestination.Registry, "/tmp/s")).Coded.Code);
}
