using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Images.Tests.Registry;

/// <summary>Small generated images for the registry tests: gzip tar layers made here, written to files.</summary>
internal static class RegistryTestImages
{
    private static readonly DateTimeOffset FixedTime = new(1980, 1, 1, 0, 0, 1, TimeSpan.Zero);

    /// <summary>A layer holding <paramref name="files"/> (path → text), as a tar.gz file in <paramref name="directory"/>.</summary>
    public static LayerToWrite Layer(TempDirectory directory, params (string Path, string Content)[] files)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, content) in files.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, path)
                {
                    ModificationTime = FixedTime,
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                };
                writer.WriteEntry(entry);
            }
        }

        var tarBytes = tar.ToArray();
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(tarBytes);
        }

        var blobBytes = compressed.ToArray();
        var digest = Digest.Compute(blobBytes);
        var file = directory.Combine(digest.Hex + ".tar.gz");
        File.WriteAllBytes(file, blobBytes);
        var blob = new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = digest, Size = blobBytes.Length };
        return new LayerToWrite(blob, Digest.Compute(tarBytes), new FileLayerContent(file));
    }

    /// <summary>A layer of <paramref name="size"/> random bytes in one file (random data does not compress).</summary>
    public static LayerToWrite RandomLayer(TempDirectory directory, int size, int seed)
    {
        var random = new Random(seed);
        var data = new byte[size];
        random.NextBytes(data);
        return Layer(directory, ("random.bin", Convert.ToBase64String(data)[..size]));
    }

    /// <summary>An image of <paramref name="layers"/> under <paramref name="tags"/>.</summary>
    public static ImageWriteRequest Image(IEnumerable<string> tags, IReadOnlyList<LayerToWrite> layers, ImagePlatform? platform = null, string? label = null) => new()
    {
        Tags = tags.Select(ImageReference.Parse).ToList(),
        Layers = layers,
        Config = new ImageConfig
        {
            Created = FixedTime,
            Os = (platform ?? ImagePlatform.LinuxAmd64).Os,
            Architecture = (platform ?? ImagePlatform.LinuxAmd64).Architecture,
            Variant = platform?.Variant,
            Config = new ContainerConfig
            {
                Env = ["PATH=/usr/bin:/bin"],
                Labels = label is null ? null : new Dictionary<string, string> { ["test.label"] = label },
            },
        },
    };

    /// <summary>Reads a stream to its end (verifying it, when it is a verifying stream).</summary>
    public static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer);
            return buffer.ToArray();
        }
    }
}
