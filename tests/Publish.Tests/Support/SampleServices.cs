using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>
/// The services build/test.sh prepares before the tests (build/registry.sh, build/sample-builder.sh): the loopback
/// registry and the sample builder every publish uses.
/// </summary>
public static class SampleServices
{
    /// <summary>The persistent loopback registry.</summary>
    public const string Registry = "127.0.0.1:5000";

    /// <summary>
    /// The sample .NET builder (our lifecycle, the sample buildpacks, the bookworm stack); BUILDPACKS_TEST_BUILDER names
    /// another tag that build/sample-builder.sh made (e.g. from a branch whose buildpacks or lifecycle changed, so that
    /// its tests do not depend on, or overwrite, the shared tag).
    /// </summary>
    public static readonly string Builder = Environment.GetEnvironmentVariable("BUILDPACKS_TEST_BUILDER") is { Length: > 0 } builder
        ? builder
        : Registry + "/buildpacks-samples/builder:bookworm";

    /// <summary>The sample builder's run image.</summary>
    public const string RunImage = Registry + "/buildpacks-samples/run:bookworm";

    /// <summary>The sample lifecycle image (our lifecycle on the run image), which untrusted builds run their privileged phases from.</summary>
    public const string LifecycleImage = Registry + "/buildpacks-samples/lifecycle:bookworm";

    private static readonly Lazy<string> PinnedLifecycle = new(() => Task.Run(() => HostPlatformPin.PinAsync(LifecycleImage)).GetAwaiter().GetResult());

    /// <summary>
    /// The sample lifecycle image by the digest its tag names when the tests first ask: an untrusted build's exporter
    /// takes the launcher from it, and the daemon keeps an older image of the same tag (pull policy IfNotPresent), so
    /// the tag alone could give a Container build another launcher than the builder's, and another image than Local's.
    /// The lifecycle image is an index (amd64, arm64): the pin is this machine's platform's manifest
    /// (<see cref="HostPlatformPin"/>); a multi-platform build names the tag.
    /// </summary>
    public static string PinnedLifecycleImage => PinnedLifecycle.Value;

    /// <summary>
    /// The sample builder by digest, as its tag names it now: a test that compares two builds gives both this, so both
    /// use the same builder whatever happens to the tag meanwhile (Container execution keeps the daemon's copy of a tag,
    /// Local execution reads the registry's). The builder is an index: the pin is this machine's platform's manifest
    /// (<see cref="HostPlatformPin"/>).
    /// </summary>
    public static Task<string> PinnedBuilderAsync() => HostPlatformPin.PinAsync(Builder);

    /// <summary>A repository in the loopback registry that no other test or run uses, e.g. 127.0.0.1:5000/publish-tests/web-1a2b….</summary>
    public static string UniqueRepository(string purpose) => $"{Registry}/publish-tests/{purpose}-{Guid.NewGuid():N}";

    /// <summary>The repository of an image of the loopback registry, e.g. <c>publish-tests/web-1a2b…</c> of <c>127.0.0.1:5000/publish-tests/web-1a2b…:1</c>.</summary>
    public static string RepositoryOf(string image) => image[(Registry.Length + 1)..image.LastIndexOf(':')];
}
