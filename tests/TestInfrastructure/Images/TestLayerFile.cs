using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Buildpacks.TestInfrastructure.Images;

/// <summary>A layer blob written to disk by <see cref="TestLayerFile.Write"/>, with its digests as <c>sha256:hex</c> strings.</summary>
/// <param name="Path">The blob file.</param>
/// <param name="Digest">The digest of the blob as stored (of the gzip bytes when compressed).</param>
/// <param name="DiffId">The digest of the uncompressed tar.</param>
/// <param name="Size">The blob's size in bytes.</param>
/// <param name="Compressed">Whether the blob is gzip.</param>
public sealed record TestLayerFile(string Path, string Digest, string DiffId, long Size, bool Compressed)
{
    private static readonly DateTimeOffset FixedTime = new(1980, 1, 1, 0, 0, 1, TimeSpan.Zero);

    /// <summary>
    /// Writes a deterministic layer (sorted entries, fixed times, root ownership) holding <paramref name="files"/>
    /// (path → content and mode) into <paramref name="directory"/>. Independent of the product's layer writer, so
    /// store tests do not depend on it.
    /// </summary>
    public static TestLayerFile Write(string directory, IReadOnlyDictionary<string, (byte[] Content, UnixFileMode Mode)> files, bool compressed = true)
    {
        Directory.CreateDirectory(directory);
        var tarPath = System.IO.Path.Combine(directory, $"layer-{Guid.NewGuid():N}.tar");
        using (var tarFile = File.Create(tarPath))
        using (var writer = new TarWriter(tarFile, TarEntryFormat.Ustar, leaveOpen: false))
        {
            var directories = files.Keys
                .SelectMany(ParentsOf)
                .Distinct(StringComparer.Ordinal);
            var entries = directories.Select(d => (Path: d + "/", Content: (byte[]?)null, Mode: (UnixFileMode)0b111_101_101))
                .Concat(files.Select(f => (Path: f.Key, Content: (byte[]?)f.Value.Content, f.Value.Mode)))
                .OrderBy(e => e.Path, StringComparer.Ordinal);
            foreach (var (path, content, mode) in entries)
            {
                var entry = new UstarTarEntry(content is null ? TarEntryType.Directory : TarEntryType.RegularFile, path)
                {
                    ModificationTime = FixedTime,
                    Mode = mode,
                    Uid = 0,
                    Gid = 0,
                    UserName = "root",
                    GroupName = "root",
                };
                if (content is not null)
                {
                    entry.DataStream = new MemoryStream(content);
                }

                writer.WriteEntry(entry);
            }
        }

        var diffId = HashFile(tarPath);
        if (!compressed)
        {
            return new TestLayerFile(tarPath, diffId, diffId, new FileInfo(tarPath).Length, false);
        }

        var gzipPath = tarPath + ".gz";
        using (var input = File.OpenRead(tarPath))
        using (var output = File.Create(gzipPath))
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            input.CopyTo(gzip);
        }

        File.Delete(tarPath);
        return new TestLayerFile(gzipPath, HashFile(gzipPath), diffId, new FileInfo(gzipPath).Length, true);
    }

    /// <summary>A layer holding the static busybox at <c>/bin/busybox</c>: enough to run <c>busybox echo</c>.</summary>
    public static TestLayerFile Busybox(string directory, bool compressed = true)
    {
        const string busybox = "/bin/busybox";
        if (!File.Exists(busybox))
        {
            throw new InvalidOperationException("The static /bin/busybox is missing. Run 'bash build/services.sh' to install it.");
        }

        return Write(directory, new Dictionary<string, (byte[], UnixFileMode)>
        {
            ["bin/busybox"] = (File.ReadAllBytes(busybox), (UnixFileMode)0b111_101_101),
        }, compressed);
    }

    /// <summary>A small layer with one text file, e.g. an "app" layer on top of busybox.</summary>
    public static TestLayerFile Text(string directory, string path, string content, bool compressed = true) =>
        Write(directory, new Dictionary<string, (byte[], UnixFileMode)>
        {
            [path] = (System.Text.Encoding.UTF8.GetBytes(content), (UnixFileMode)0b110_100_100),
        }, compressed);

    private static IEnumerable<string> ParentsOf(string path)
    {
        var parts = path.Split('/');
        for (var i = 1; i < parts.Length; i++)
        {
            yield return string.Join('/', parts[..i]);
        }
    }

    private static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return "sha256:" + Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }
}
