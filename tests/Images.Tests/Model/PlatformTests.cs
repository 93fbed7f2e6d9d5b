using Buildpacks.Images.Model;

namespace Buildpacks.Images.Tests.Model;

public sealed class PlatformTests
{
    [Theory]
    [InlineData("linux/amd64", "linux", "amd64", null)]
    [InlineData("linux/x86_64", "linux", "amd64", null)]
    [InlineData("Linux/ARM64/v8", "linux", "arm64", "v8")]
    [InlineData("linux/aarch64", "linux", "arm64", null)]
    [InlineData("linux/armv7", "linux", "arm", "v7")]
    public void Platforms_parse_with_architecture_aliases(string text, string os, string architecture, string? variant)
    {
        var platform = ImagePlatform.Parse(text);

        Assert.Equal(os, platform.Os);
        Assert.Equal(architecture, platform.Architecture);
        Assert.Equal(variant, platform.Variant);
    }

    [Theory]
    [InlineData("linux")]
    [InlineData("linux/")]
    [InlineData("linux/amd64/v1/x")]
    public void Malformed_platforms_are_rejected(string text) =>
        Assert.Throws<FormatException>(() => ImagePlatform.Parse(text));

    [Fact]
    public void An_arm64_request_with_variant_v8_matches_an_entry_without_variant() =>
        Assert.True(ImagePlatform.Parse("linux/arm64/v8").Matches(new ImagePlatform { Os = "linux", Architecture = "arm64" }));

    [Fact]
    public void A_request_without_variant_matches_any_variant() =>
        Assert.True(ImagePlatform.Parse("linux/arm").Matches(new ImagePlatform { Os = "linux", Architecture = "arm", Variant = "v7" }));

    [Fact]
    public void Different_variants_do_not_match() =>
        Assert.False(ImagePlatform.Parse("linux/arm/v6").Matches(new ImagePlatform { Os = "linux", Architecture = "arm", Variant = "v7" }));
}
