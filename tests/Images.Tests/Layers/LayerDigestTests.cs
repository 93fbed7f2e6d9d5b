using Buildpacks.Images.Layers;
using Buildpacks.Images.Model;
using Buildpacks.Images.Stores;
using Buildpacks.TestInfrastructure;
using Xunit;
using static Buildpacks.Images.Tests.Layers.LayerTestFiles;

namespace Buildpacks.Images.Tests.Layers;

/// <summary>The digests and sizes computed while writing are those of the bytes written.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // layers carry Unix modes; these tests use Unix tools
public sealed class LayerDigestTests
{
    [Fact]
    public async Task The_diff_id_is_the_sha256_of_the_gunzipped_file_and_the_digest_that_of_the_file()
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        Write(source, "a/b.txt", string.Concat(Enumerable.Repeat("some text ", 5000)));
        Write(source, "c.bin", "c");

        var layer = await LayerWriter.WriteDirectoryAsync(source.Path, output.Combine("l.tar.gz"));
        var blob = await File.ReadAllBytesAsync(layer.Path);
        var tar = Gunzip(layer.Path);

        Assert.Equal(Sha256(tar), layer.DiffId.ToString());
        Assert.Equal(Sha256(blob), layer.Blob.Digest.ToString());
        Assert.Equal(blob.Length, layer.Blob.Size);
        Assert.Equal(tar.Length, layer.UncompressedSize);
        Assert.Equal(MediaTypes.OciLayerGzip, layer.Blob.MediaType);
    }

    [Fact]
    public async Task A_Docker_media_type_is_kept_and_an_uncompressed_layer_has_its_diff_id_as_digest()
    {
        using var output = new TempDirectory();
        LayerEntry[] entries = [LayerEntry.TextFile("x", "x")];

        var docker = await LayerWriter.WriteEntriesAsync(entries, output.Combine("d.tar.gz"), new LayerWriteOptions { MediaType = MediaTypes.DockerLayerGzip });
        var plain = await LayerWriter.WriteEntriesAsync(entries, output.Combine("p.tar"), new LayerWriteOptions { MediaType = MediaTypes.OciLayer });

        Assert.Equal(MediaTypes.DockerLayerGzip, docker.Blob.MediaType);
        Assert.Equal(docker.DiffId, plain.DiffId);
        Assert.Equal(plain.DiffId, plain.Blob.Digest);
        Assert.Equal(Sha256(await File.ReadAllBytesAsync(plain.Path)), plain.Blob.Digest.ToString());
    }

    [Fact]
    public async Task A_written_layer_becomes_a_layer_to_write_that_reads_its_file()
    {
        using var output = new TempDirectory();
        var layer = await LayerWriter.WriteEntriesAsync([LayerEntry.TextFile("x", "x")], output.Combine("l.tar.gz"));

        var toWrite = layer.ToLayerToWrite();
        await using var content = await toWrite.Content.OpenAsync(CancellationToken.None);
        await using var verifying = new DigestVerifyingStream(content, toWrite.Blob.Digest, toWrite.Blob.Size, "test");
        await verifying.CopyToAsync(Stream.Null);

        Assert.Equal((layer.Blob, layer.DiffId), (toWrite.Blob, toWrite.DiffId));
        Assert.Equal(layer.Path, Assert.IsType<FileLayerContent>(toWrite.Content).Path);
    }

    [Fact]
    public async Task The_tar_written_to_a_stream_is_the_layer_uncompressed()
    {
        using var output = new TempDirectory();
        LayerEntry[] entries = [LayerEntry.TextFile("x/y", "y")];
        var layer = await LayerWriter.WriteEntriesAsync(entries, output.Combine("l.tar.gz"));
        using var stream = new MemoryStream();

        var digest = await LayerWriter.WriteTarAsync(entries, stream);

        Assert.Equal(layer.DiffId, digest);
        Assert.Equal(Gunzip(layer.Path), stream.ToArray());
    }
}
