using Buildpacks.Images.Model;

namespace Buildpacks.Images.Tests.Model;

public sealed class DigestTests
{
    [Fact]
    public void The_digest_of_content_is_its_sha256_in_lower_case_hex() =>
        Assert.Equal(
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            Digest.Compute("abc"u8).ToString());

    [Theory]
    [InlineData("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", true)]
    [InlineData("sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", false)]
    [InlineData("sha256:ba78", false)]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", false)]
    [InlineData("md5:ba7816bf8f01cfea414140de5dae2223", false)]
    [InlineData("", false)]
    public void Only_well_formed_digests_parse(string text, bool valid) =>
        Assert.Equal(valid, Digest.TryParse(text, out _));

    [Fact]
    public async Task Streaming_and_in_memory_digests_agree()
    {
        var bytes = new byte[1_000_003];
        new Random(7).NextBytes(bytes);

        using var stream = new MemoryStream(bytes);
        var streamed = await Digest.ComputeAsync(stream, CancellationToken.None);

        Assert.Equal(Digest.Compute(bytes), streamed);
    }
}
