using Buildpacks.Images.Layers;
using Buildpacks.TestInfrastructure;
using Xunit;

namespace Buildpacks.Images.Tests.Layers;

/// <summary>Runs alone: it measures the process's allocations, which other tests running beside it would inflate.</summary>
[CollectionDefinition(nameof(LayerStreamingTests), DisableParallelization = true)]
public sealed class LayerStreamingCollection;

/// <summary>Layers stream through: writing or extracting one costs memory independent of its size.</summary>
[Collection(nameof(LayerStreamingTests))]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // layers carry Unix modes; these tests use Unix tools
public sealed class LayerStreamingTests
{
    private const int FileSize = 64 * 1024 * 1024;
    private const long AllowedAllocations = 8 * 1024 * 1024;

    [Fact]
    public async Task A_64_MB_file_is_written_and_extracted_allocating_far_less_than_its_size()
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        using var extracted = new TempDirectory();
        WriteIncompressibleFile(source.Combine("big.bin"));

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var layer = await LayerWriter.WriteDirectoryAsync(source.Path, output.Combine("l.tar.gz"));
        var writing = GC.GetTotalAllocatedBytes(precise: true) - before;

        before = GC.GetTotalAllocatedBytes(precise: true);
        await LayerExtractor.ExtractFileAsync(layer.Path, extracted.Path);
        var extracting = GC.GetTotalAllocatedBytes(precise: true) - before;

        // Random bytes do not compress: buffering either the tar or the gzip output would allocate ~64 MB.
        Assert.True(layer.Blob.Size > FileSize, $"the blob is {layer.Blob.Size} bytes");
        Assert.True(writing < AllowedAllocations, $"writing allocated {writing} bytes");
        Assert.True(extracting < AllowedAllocations, $"extracting allocated {extracting} bytes");
        Assert.Equal(FileSize, new FileInfo(extracted.Combine("big.bin")).Length);
    }

    private static void WriteIncompressibleFile(string path)
    {
        var random = new Random(42);
        var chunk = new byte[1024 * 1024];
        using var file = File.Create(path);
        for (var written = 0; written < FileSize; written += chunk.Length)
        {
            random.NextBytes(chunk);
            file.Write(chunk);
        }
    }
}
