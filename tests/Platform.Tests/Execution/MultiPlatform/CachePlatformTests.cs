using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Platform.Execution;
using Buildpacks.Platform.Execution.Local;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Platform.Tests.Execution.MultiPlatform;

/// <summary>A foreign platform's build caches are its own; this machine's keep the names they had.</summary>
public sealed class CachePlatformTests : IDisposable
{
    private static readonly ImageReference App = ImageReference.Parse("127.0.0.1:5000/team/app:1.4-linux-arm64");
    private static readonly ImagePlatform Foreign = ImagePlatform.Current.Architecture == "arm64" ? ImagePlatform.LinuxAmd64 : ImagePlatform.Parse("linux/arm64");
    private readonly TempDirectory _root = new("bp-cache-platform");

    public void Dispose() => _root.Dispose();

    [Fact]
    public void This_machines_platform_adds_nothing_to_the_cache_key()
    {
        Assert.Equal("", CachePlatform.Suffix(null));
        Assert.Equal("", CachePlatform.Suffix(ImagePlatform.Current));
        Assert.Equal(LocalBuildCache.DefaultDirectory(_root.Path, App), LocalBuildCache.DefaultDirectory(_root.Path, App, ImagePlatform.Current));
    }

    [Fact]
    public void A_foreign_platform_gets_a_cache_directory_of_its_own() =>
        Assert.NotEqual(LocalBuildCache.DefaultDirectory(_root.Path, App), LocalBuildCache.DefaultDirectory(_root.Path, App, Foreign));
}
