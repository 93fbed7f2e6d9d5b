using Buildpacks.Images.Registry;

namespace Buildpacks.Platform.Tests.Support;

/// <summary>Registry store settings for the loopback registry: no host credentials, quick retries.</summary>
internal static class TestRegistry
{
    public static RegistryStore Store() => new(new RegistrySettings
    {
        DockerConfig = null,
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromSeconds(2),
    });
}
