using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores.Indexes;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.TestInfrastructure;
using Xunit;

namespace Buildpacks.Images.Tests.Indexes;

/// <summary>Which entries of an index are images of a platform.</summary>
public sealed class StoredIndexTests
{
    [Fact]
    public void BuildKits_attestation_manifests_and_other_artifacts_are_not_platform_images()
    {
        // docker buildx writes, beside each image, an attestation manifest for platform unknown/unknown that refers to it.
        using var temp = new TempDirectory("stored-index");
        Descriptor Entry(char c, string? platform, IReadOnlyDictionary<string, string>? annotations = null, string mediaType = MediaTypes.OciManifest) => new()
        {
            MediaType = mediaType,
            Digest = Digest.Parse("sha256:" + new string(c, 64)),
            Size = 500,
            Platform = platform is null ? null : ImagePlatform.Parse(platform),
            Annotations = annotations,
        };
        var index = new StoredIndex
        {
            Reference = ImageReference.Parse("example.com/team/app:1"),
            Store = new OciLayoutImageStore(temp.Path),
            Descriptor = Entry('0', null, mediaType: MediaTypes.OciIndex),
            Index = new ImageIndex
            {
                Manifests =
                [
                    Entry('a', "linux/amd64"),
                    Entry('b', "linux/arm64"),
                    Entry('c', "unknown/unknown", new Dictionary<string, string> { ["vnd.docker.reference.type"] = "attestation-manifest", ["vnd.docker.reference.digest"] = "sha256:" + new string('a', 64) }),
                    Entry('d', null),
                ],
            },
        };

        Assert.Equal(["linux/amd64", "linux/arm64"], index.PlatformManifests.Select(m => m.Platform!.ToString()));
    }
}
