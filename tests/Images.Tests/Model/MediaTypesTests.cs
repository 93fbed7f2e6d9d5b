using Buildpacks.Images.Model;
using Xunit;

namespace Buildpacks.Images.Tests.Model;

public sealed class MediaTypesTests
{
    [Theory]
    [InlineData("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", true)]
    [InlineData("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", true)]
    [InlineData("application/vnd.oci.image.layer.nondistributable.v1.tar", true)]
    [InlineData("application/vnd.oci.image.layer.v1.tar+gzip", false)]
    [InlineData("application/vnd.docker.image.rootfs.diff.tar.gzip", false)]
    [InlineData(null, false)]
    public void Foreign_and_non_distributable_layers_are_told_from_the_others(string? mediaType, bool nonDistributable) =>
        Assert.Equal(nonDistributable, MediaTypes.IsNonDistributable(mediaType));
}
