using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores.Layout;

namespace Buildpacks.Images.Tests.Layout;

public sealed class OciLayoutNamesTests
{
    private static readonly Descriptor Manifest = new() { MediaType = MediaTypes.OciManifest, Digest = Digest.Compute("m"u8), Size = 1 };

    [Fact]
    public void A_name_carries_the_tag_and_the_full_reference()
    {
        var named = OciLayoutNames.Name(Manifest, ImageReference.Parse("busybox"));

        Assert.Equal("latest", named.Annotations![OciLayoutAnnotations.RefName]);
        Assert.Equal("docker.io/library/busybox:latest", named.Annotations[OciLayoutAnnotations.ContainerdImageName]);
    }

    [Fact]
    public void A_single_unnamed_image_is_found_by_any_reference()
    {
        var index = new ImageIndex { Manifests = [Manifest] };

        Assert.Single(OciLayoutNames.FindEntries(index, ImageReference.Parse("anything:9.9")));
    }

    [Fact]
    public void A_ref_name_written_as_a_full_reference_by_another_tool_is_matched()
    {
        var entry = Manifest with { Annotations = new Dictionary<string, string> { [OciLayoutAnnotations.RefName] = "example.com/app:1.0" } };
        var index = new ImageIndex { Manifests = [entry, Manifest with { Digest = Digest.Compute("other"u8) }] };

        Assert.Equal(entry, Assert.Single(OciLayoutNames.FindEntries(index, ImageReference.Parse("example.com/app:1.0"))));
    }

    [Fact]
    public void A_digest_reference_finds_the_entry_with_that_digest()
    {
        var named = OciLayoutNames.Name(Manifest, ImageReference.Parse("example.com/app:1.0"));
        var index = new ImageIndex { Manifests = [named] };

        Assert.Single(OciLayoutNames.FindEntries(index, ImageReference.Parse("example.com/app").WithDigest(Manifest.Digest)));
        Assert.Empty(OciLayoutNames.FindEntries(index, ImageReference.Parse("example.com/app").WithDigest(Digest.Compute("x"u8))));
    }

    [Fact]
    public void Tags_of_other_repositories_are_not_listed_and_a_rewritten_tag_replaces_the_old_entry()
    {
        var index = new ImageIndex { Manifests = [OciLayoutNames.Name(Manifest, ImageReference.Parse("example.com/a:1")), OciLayoutNames.Name(Manifest, ImageReference.Parse("example.com/b:2"))] };
        var replacement = OciLayoutNames.Name(Manifest with { Digest = Digest.Compute("new"u8) }, ImageReference.Parse("example.com/a:1"));

        var updated = OciLayoutNames.WithEntries(index, [replacement]);

        Assert.Equal(["1"], OciLayoutNames.TagsOf(index, ImageReference.Parse("example.com/a")));
        Assert.Equal(2, updated.Manifests.Count);
        Assert.Contains(replacement, updated.Manifests);
    }
}
