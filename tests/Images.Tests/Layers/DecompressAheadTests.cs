using Buildpacks.Images.Layers;
using Buildpacks.TestInfrastructure;
using Xunit;

namespace Buildpacks.Images.Tests.Layers;

/// <summary>
/// Extraction with the blob read and gunzipped on another thread gives the same tree as the plain extraction, and a
/// blob that breaks off is an error, never a short layer taken for a whole one.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DecompressAheadTests
{
    [Fact]
    public async Task A_large_layer_extracts_as_the_plain_extraction_does()
    {
        using var output = new TempDirectory();
        using var plain = new TempDirectory();
        using var ahead = new TempDirectory();
        // 10 MB that gzip cannot shrink, so the pipe between the two threads fills and drains many times.
        var entries = RandomFiles(40, 256 * 1024, seed: 7);
        var layer = await LayerWriter.WriteEntriesAsync(entries, output.Combine("l.tar.gz"));

        await LayerExtractor.ExtractFileAsync(layer.Path, plain.Path);
        var blob = File.OpenRead(layer.Path);
        await using (blob)
        {
            await LayerExtractor.ExtractDecompressingAheadAsync(blob, ahead.Path);
        }

        foreach (var entry in entries)
        {
            Assert.Equal(await File.ReadAllBytesAsync(plain.Combine(entry.Path)), await File.ReadAllBytesAsync(ahead.Combine(entry.Path)));
        }
    }

    [Fact]
    public async Task A_blob_that_breaks_off_half_way_fails_the_extraction_with_its_own_error()
    {
        using var output = new TempDirectory();
        using var extracted = new TempDirectory();
        var layer = await LayerWriter.WriteEntriesAsync(RandomFiles(16, 128 * 1024, seed: 11), output.Combine("l.tar.gz"));
        var bytes = await File.ReadAllBytesAsync(layer.Path);

        using var blob = new BreakingStream(bytes, breakAt: bytes.Length / 2);
        var error = await Assert.ThrowsAsync<IOException>(() => LayerExtractor.ExtractDecompressingAheadAsync(blob, extracted.Path));

        Assert.Equal(BreakingStream.Message, error.Message);
    }

    private static List<LayerEntry> RandomFiles(int count, int size, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            var bytes = new byte[size];
            random.NextBytes(bytes);
            return LayerEntry.File($"d{i % 4}/f{i}", LayerEntryContent.FromBytes(bytes));
        }).ToList();
    }

    // A blob whose connection drops: its bytes up to breakAt, then an IOException.
    private sealed class BreakingStream(byte[] bytes, int breakAt) : MemoryStream(bytes)
    {
        public const string Message = "the connection was reset";

        public override int Read(byte[] buffer, int offset, int count) =>
            Position >= breakAt ? throw new IOException(Message) : base.Read(buffer, offset, (int)Math.Min(count, breakAt - Position));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position >= breakAt ? throw new IOException(Message) : base.ReadAsync(buffer[..(int)Math.Min(buffer.Length, breakAt - Position)], cancellationToken);
    }
}
