using Buildpacks.Images.References;

namespace Buildpacks.Images.Tests.References;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("ubuntu", "docker.io", "library/ubuntu", null, "docker.io/library/ubuntu")]
    [InlineData("ubuntu:22.04", "docker.io", "library/ubuntu", "22.04", "docker.io/library/ubuntu:22.04")]
    [InlineData("paketobuildpacks/builder-jammy-base", "docker.io", "paketobuildpacks/builder-jammy-base", null, "docker.io/paketobuildpacks/builder-jammy-base")]
    [InlineData("docker.io/library/ubuntu:latest", "docker.io", "library/ubuntu", "latest", "docker.io/library/ubuntu:latest")]
    [InlineData("index.docker.io/team/app:1", "docker.io", "team/app", "1", "docker.io/team/app:1")]
    [InlineData("localhost/app", "localhost", "app", null, "localhost/app")]
    [InlineData("localhost:5000/team/app:1.4", "localhost:5000", "team/app", "1.4", "localhost:5000/team/app:1.4")]
    [InlineData("127.0.0.1:41234/a/b/c:v_1.0-rc.2", "127.0.0.1:41234", "a/b/c", "v_1.0-rc.2", "127.0.0.1:41234/a/b/c:v_1.0-rc.2")]
    [InlineData("registry.example.com/team/shop:1.4", "registry.example.com", "team/shop", "1.4", "registry.example.com/team/shop:1.4")]
    [InlineData("[::1]:5000/app:x", "[::1]:5000", "app", "x", "[::1]:5000/app:x")]
    [InlineData("my-registry:5000/a__b/c.d-e", "my-registry:5000", "a__b/c.d-e", null, "my-registry:5000/a__b/c.d-e")]
    public void A_valid_reference_is_split_into_registry_repository_and_tag(string text, string registry, string repository, string? tag, string canonical)
    {
        var reference = ImageReference.Parse(text);

        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(canonical, reference.ToString());
    }

    [Fact]
    public void A_digest_reference_pins_the_digest_and_keeps_any_tag()
    {
        const string digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

        var reference = ImageReference.Parse($"localhost:5000/app:1@{digest}");

        Assert.Equal("1", reference.Tag);
        Assert.Equal(digest, reference.Digest.ToString());
        Assert.Equal(digest, reference.Identifier);
    }

    [Fact]
    public void A_reference_without_tag_or_digest_asks_for_latest() =>
        Assert.Equal("latest", ImageReference.Parse("localhost:5000/app").Identifier);

    [Theory]
    [InlineData("ubuntu", "ubuntu")]
    [InlineData("docker.io/library/ubuntu:22.04", "ubuntu:22.04")]
    [InlineData("team/app:1", "team/app:1")]
    [InlineData("localhost:5000/app:1", "localhost:5000/app:1")]
    public void The_familiar_form_drops_docker_hub_defaults(string text, string familiar) =>
        Assert.Equal(familiar, ImageReference.Parse(text).ToFamiliarString());

    [Theory]
    [InlineData("", "non-empty")]
    [InlineData(" ubuntu", "white space")]
    [InlineData("Ubuntu", "lower-case")]
    [InlineData("localhost:5000/Team/app", "lower-case")]
    [InlineData("team//app", "empty path component")]
    [InlineData("team/app/", "empty path component")]
    [InlineData("app:", "not a valid tag")]
    [InlineData("app:-x", "not a valid tag")]
    [InlineData("app@sha256:abc", "not a valid digest")]
    [InlineData("app@md5:0123", "not a valid digest")]
    [InlineData("te--st_/app", "not a valid repository component")]
    [InlineData("a..b/app", "not a valid registry")]
    public void An_invalid_reference_is_rejected_with_the_reason(string text, string reason)
    {
        var error = Assert.Throws<InvalidImageReferenceException>(() => ImageReference.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tag_longer_than_128_characters_is_rejected() =>
        Assert.Throws<InvalidImageReferenceException>(() => ImageReference.Parse("app:" + new string('a', 129)));

    [Fact]
    public void A_name_longer_than_255_characters_is_rejected() =>
        Assert.Throws<InvalidImageReferenceException>(() => ImageReference.Parse("localhost/" + new string('a', 250)));

    [Theory]
    [InlineData("localhost:5000/app", true)]
    [InlineData("localhost/app", true)]
    [InlineData("127.0.0.1:5000/app", true)]
    [InlineData("127.8.9.10/app", true)]
    [InlineData("[::1]:5000/app", true)]
    [InlineData("registry.example.com/app", false)]
    [InlineData("10.0.0.1:5000/app", false)]
    [InlineData("app", false)]
    public void Loopback_registries_are_recognised(string text, bool loopback) =>
        Assert.Equal(loopback, ImageReference.Parse(text).IsLoopbackRegistry);

    [Fact]
    public void WithTag_and_WithDigest_keep_the_repository()
    {
        var reference = ImageReference.Parse("localhost:5000/team/app:1");
        var digest = Images.Model.Digest.Compute("x"u8);

        Assert.Equal("localhost:5000/team/app:2", reference.WithTag("2").ToString());
        Assert.Equal($"localhost:5000/team/app@{digest}", reference.WithDigest(digest).ToString());
        Assert.Equal("localhost:5000/other:1", reference.WithRepository("other").ToString());
    }
}
