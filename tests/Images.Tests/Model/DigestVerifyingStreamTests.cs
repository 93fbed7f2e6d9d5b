using Buildpacks.Images.Model;
using Buildpacks.Images.Stores;

namespace Buildpacks.Images.Tests.Model;

public sealed class DigestVerifyingStreamTests
{
    [Fact]
    public async Task Matching_content_reads_to_the_end()
    {
        var bytes = "hello"u8.ToArray();
        using var stream = new DigestVerifyingStream(new MemoryStream(bytes), Digest.Compute(bytes), bytes.Length, "test");

        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task Content_that_does_not_match_its_digest_is_refused()
    {
        var expected = Digest.Compute("hello"u8);
        using var stream = new DigestVerifyingStream(new MemoryStream("hellO"u8.ToArray()), expected, 5, "registry test");

        var error = await Assert.ThrowsAsync<BlobDigestMismatchException>(() => stream.CopyToAsync(Stream.Null));

        Assert.Contains(expected.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("registry test", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Content_longer_than_its_descriptor_is_refused()
    {
        using var stream = new DigestVerifyingStream(new MemoryStream("hello!"u8.ToArray()), Digest.Compute("hello"u8), 5, "test");

        await Assert.ThrowsAsync<BlobDigestMismatchException>(() => stream.CopyToAsync(Stream.Null));
    }
}
