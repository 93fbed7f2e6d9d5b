using Buildpacks.Images.Registry;
using Buildpacks.Images.Registry.Credentials;

namespace Buildpacks.Images.Tests.Registry;

/// <summary>Settings for tests: no host config.json, short retry delays, everything logged.</summary>
internal static class RegistryTestSettings
{
    public static RegistrySettings Create(RecordingLog? log = null, IReadOnlyDictionary<string, RegistryCredential>? credentials = null) => new()
    {
        DockerConfig = null,
        Credentials = credentials ?? new Dictionary<string, RegistryCredential>(),
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromSeconds(5),
        Log = (IImageLog?)log ?? NullImageLog.Instance,
    };
}
