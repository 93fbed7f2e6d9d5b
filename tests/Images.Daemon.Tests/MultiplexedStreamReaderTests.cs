using System.Buffers.Binary;
using System.Text;
using Buildpacks.Images.Engine;

namespace Buildpacks.Images.Daemon.Tests;

/// <summary>The Engine API's stream format ("Stream format" of attach and logs): 8-byte headers, then the payload.</summary>
public sealed class MultiplexedStreamReaderTests
{
    [Fact]
    public async Task Frames_of_stdout_and_stderr_are_read_apart_in_order()
    {
        var stream = Frames((1, "out-1\n"), (2, "err-1\n"), (1, "out-2\n"));

        var chunks = await ReadAllAsync(new MultiplexedStreamReader(stream), bufferSize: 1024);

        Assert.Equal([(ContainerOutputKind.Stdout, "out-1\n"), (ContainerOutputKind.Stderr, "err-1\n"), (ContainerOutputKind.Stdout, "out-2\n")], chunks);
    }

    [Fact]
    public async Task A_frame_larger_than_the_buffer_comes_in_pieces_of_its_own_stream()
    {
        var stream = Frames((2, "0123456789"), (1, "ab"));

        var chunks = await ReadAllAsync(new MultiplexedStreamReader(stream), bufferSize: 4);

        Assert.Equal([(ContainerOutputKind.Stderr, "0123"), (ContainerOutputKind.Stderr, "4567"), (ContainerOutputKind.Stderr, "89"), (ContainerOutputKind.Stdout, "ab")], chunks);
    }

    [Fact]
    public async Task Headers_and_payloads_split_across_reads_of_the_connection_are_put_together()
    {
        var stream = new TrickleStream(Frames((1, "hello"), (2, "world")).ToArray());

        var chunks = await ReadAllAsync(new MultiplexedStreamReader(stream), bufferSize: 1024);

        Assert.Equal("hello", string.Concat(chunks.Where(c => c.Kind == ContainerOutputKind.Stdout).Select(c => c.Text)));
        Assert.Equal("world", string.Concat(chunks.Where(c => c.Kind == ContainerOutputKind.Stderr).Select(c => c.Text)));
    }

    [Fact]
    public async Task Empty_frames_are_skipped_and_an_empty_stream_ends_at_once()
    {
        var chunks = await ReadAllAsync(new MultiplexedStreamReader(Frames((1, ""), (2, "x"), (1, ""))), bufferSize: 16);
        var none = await ReadAllAsync(new MultiplexedStreamReader(new MemoryStream()), bufferSize: 16);

        Assert.Equal([(ContainerOutputKind.Stderr, "x")], chunks);
        Assert.Empty(none);
    }

    [Fact]
    public async Task A_stream_cut_inside_a_header_or_a_payload_is_an_error()
    {
        var whole = Frames((1, "truncated")).ToArray();

        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(new MultiplexedStreamReader(new MemoryStream(whole[..5])), 16));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(new MultiplexedStreamReader(new MemoryStream(whole[..12])), 16));
        Assert.Contains("5 bytes into a Stdout frame", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_output_of_a_container_with_a_TTY_is_refused_as_not_multiplexed()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(new MultiplexedStreamReader(new MemoryStream("hello from a tty\n"u8.ToArray())), 16));

        Assert.Contains("TTY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_the_reader_disposes_the_stream_and_its_owner()
    {
        var stream = new MemoryStream();
        var owner = new Owner();

        await new MultiplexedStreamReader(stream, owner).DisposeAsync();

        Assert.False(stream.CanRead);
        Assert.True(owner.Disposed);
    }

    private static MemoryStream Frames(params (byte Kind, string Text)[] frames)
    {
        var stream = new MemoryStream();
        foreach (var (kind, text) in frames)
        {
            var payload = Encoding.UTF8.GetBytes(text);
            var header = new byte[8];
            header[0] = kind;
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)payload.Length);
            stream.Write(header);
            stream.Write(payload);
        }

        stream.Position = 0;
        return stream;
    }

    private static async Task<List<(ContainerOutputKind Kind, string Text)>> ReadAllAsync(MultiplexedStreamReader reader, int bufferSize)
    {
        var chunks = new List<(ContainerOutputKind, string)>();
        var buffer = new byte[bufferSize];
        await using (reader)
        {
            while (await reader.ReadAsync(buffer, default) is { IsEnd: false } chunk)
            {
                chunks.Add((chunk.Kind, Encoding.UTF8.GetString(buffer, 0, chunk.Count)));
            }
        }

        return chunks;
    }

    // A connection that hands over one byte per read, as a slow socket may.
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }

    private sealed class Owner : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
