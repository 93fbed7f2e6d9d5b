using Buildpacks.Images.Pipes;
using Xunit;

namespace Buildpacks.Images.Tests.Pipes;

/// <summary>
/// A stream a producer writes as it is read: the reader gets every byte; a producer that fails makes disposing the
/// stream fail, even when the reader saw only a short, clean end; a reader that stops first is no producer's failure.
/// </summary>
public sealed class ProducedStreamTests
{
    [Fact]
    public async Task The_reader_gets_every_byte_the_producer_writes()
    {
        var data = RandomBytes(3 * 1024 * 1024, seed: 3);
        var read = new MemoryStream();

        var stream = ProducedStream.Start((pipe, token) => WriteInPiecesAsync(pipe, data, token), CancellationToken.None);
        await using (stream)
        {
            await stream.CopyToAsync(read);
        }

        Assert.Equal(data, read.ToArray());
    }

    [Fact]
    public async Task A_producer_that_fails_half_way_makes_disposing_fail_after_a_short_read()
    {
        var data = RandomBytes(1024 * 1024, seed: 5);
        var read = new MemoryStream();
        var stream = ProducedStream.Start(
            async (pipe, token) =>
            {
                await pipe.WriteAsync(data.AsMemory(0, data.Length / 2), token);
                throw new FileNotFoundException("the app's file went away", "HelloWeb.dll");
            },
            CancellationToken.None);

        await stream.CopyToAsync(read);
        var error = await Assert.ThrowsAsync<FileNotFoundException>(async () => await stream.DisposeAsync());

        Assert.Equal(data.Length / 2, read.Length);
        Assert.Equal("HelloWeb.dll", error.FileName);
    }

    [Fact]
    public void Disposing_synchronously_also_throws_the_producers_failure()
    {
        var stream = ProducedStream.Start((_, _) => throw new InvalidDataException("no tar"), CancellationToken.None);

        stream.CopyTo(Stream.Null);

        Assert.Throws<InvalidDataException>(stream.Dispose);
    }

    [Fact]
    public async Task A_reader_that_stops_first_is_not_the_producers_failure()
    {
        var data = RandomBytes(8 * 1024 * 1024, seed: 9);
        var stream = ProducedStream.Start((pipe, token) => WriteInPiecesAsync(pipe, data, token), CancellationToken.None);
        var buffer = new byte[4096];

        Assert.Equal(buffer.Length, await stream.ReadAtLeastAsync(buffer, buffer.Length));
        var failure = await Record.ExceptionAsync(async () => await stream.DisposeAsync());

        Assert.Null(failure);
        Assert.Equal(data[..4096], buffer);
    }

    private static async Task WriteInPiecesAsync(Stream pipe, byte[] data, CancellationToken token)
    {
        for (var offset = 0; offset < data.Length; offset += 64 * 1024)
        {
            await pipe.WriteAsync(data.AsMemory(offset, Math.Min(64 * 1024, data.Length - offset)), token);
        }
    }

    private static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
