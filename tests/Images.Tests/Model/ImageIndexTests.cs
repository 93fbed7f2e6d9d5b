using Buildpacks.Images.Json;
using Buildpacks.Images.Model;

namespace Buildpacks.Images.Tests.Model;

public sealed class ImageIndexTests
{
    private static Descriptor Entry(string os, string architecture, string? variant, string seed, string mediaType = MediaTypes.OciManifest) => new()
    {
        MediaType = mediaType,
        Digest = Digest.Compute(System.Text.Encoding.UTF8.GetBytes(seed)),
        Size = 100,
        Platform = new ImagePlatform { Os = os, Architecture = architecture, Variant = variant },
    };

    [Fact]
    public void The_manifest_for_the_requested_platform_is_selected()
    {
        var amd64 = Entry("linux", "amd64", null, "a");
        var arm64 = Entry("linux", "arm64", "v8", "b");
        var index = new ImageIndex { Manifests = [amd64, arm64] };

        Assert.Equal(arm64, index.SelectManifest(ImagePlatform.Parse("linux/arm64")));
        Assert.Equal(amd64, index.SelectManifest(ImagePlatform.LinuxAmd64));
    }

    [Fact]
    public void An_exact_variant_wins_over_a_compatible_one()
    {
        var v6 = Entry("linux", "arm", "v6", "a");
        var v7 = Entry("linux", "arm", "v7", "b");
        var index = new ImageIndex { Manifests = [v6, v7] };

        Assert.Equal(v7, index.SelectManifest(ImagePlatform.Parse("linux/arm/v7")));
    }

    [Fact]
    public void No_matching_platform_selects_nothing()
    {
        var index = new ImageIndex { Manifests = [Entry("windows", "amd64", null, "a")] };

        Assert.Null(index.SelectManifest(ImagePlatform.LinuxAmd64));
    }

    [Fact]
    public void Attestation_entries_without_a_platform_are_never_selected()
    {
        var attestation = new Descriptor { MediaType = MediaTypes.OciManifest, Digest = Digest.Compute("x"u8), Size = 1 };
        var index = new ImageIndex { Manifests = [attestation] };

        Assert.Null(index.SelectManifest(ImagePlatform.LinuxAmd64));
    }

    [Fact]
    public void A_docker_manifest_list_parses_and_selects_like_an_oci_index()
    {
        const string json = """
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[
              {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":528,"digest":"sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad","platform":{"architecture":"amd64","os":"linux"}},
              {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":528,"digest":"sha256:3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d","platform":{"architecture":"arm64","os":"linux","variant":"v8"}}]}
            """;
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);

        Assert.Equal(MediaTypes.DockerManifestList, ImageJson.DetectMediaType(bytes, null, "test"));
        var index = ImageJson.ParseIndex(bytes, "test");
        Assert.Equal("sha256:3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d", index.SelectManifest(ImagePlatform.Parse("linux/arm64"))!.Digest.ToString());
    }
}
