using System.IO.Compression;
using Buildpacks.Images.Model;

namespace Buildpacks.Images.Layers;

/// <summary>
/// Writes reproducible image layers: the same entries and options give the same bytes, whatever the files' times,
/// creation order or the host. The tar is hashed (diff ID), gzipped, hashed again (blob digest) and written to the file
/// in one streaming pass; no layer is ever held in memory.
/// </summary>
public static class LayerWriter
{
    /// <summary>Writes a layer of everything under <paramref name="sourceDirectory"/> (see <see cref="LayerEntries.FromDirectory(string)"/>).</summary>
    public static Task<WrittenLayer> WriteDirectoryAsync(
        string sourceDirectory,
        string outputFile,
        LayerWriteOptions? options = null,
        CancellationToken cancellationToken = default) =>
        WriteEntriesAsync(LayerEntries.FromDirectory(sourceDirectory), outputFile, options, cancellationToken);

    /// <summary>Writes a layer of <paramref name="entries"/> (any order; they are sorted) to <paramref name="outputFile"/>.</summary>
    public static async Task<WrittenLayer> WriteEntriesAsync(
        IEnumerable<LayerEntry> entries,
        string outputFile,
        LayerWriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new LayerWriteOptions();
        var compressed = MediaTypes.IsGzipLayer(options.MediaType);
        if (!compressed && !MediaTypes.IsUncompressedLayer(options.MediaType))
        {
            throw new ArgumentException($"'{options.MediaType}' is not a layer media type this writer produces (gzip or plain tar).", nameof(options));
        }

        var plan = LayerPlan.Create(entries, options);
        var fullPath = Path.GetFullPath(outputFile);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        try
        {
            var file = new FileStream(fullPath, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                var blob = new DigestingWriteStream(file, leaveOpen: true);
                await using (blob.ConfigureAwait(false))
                {
                    var (diffId, tarSize) = compressed
                        ? await WriteGzipAsync(plan, blob, options.CompressionLevel, cancellationToken).ConfigureAwait(false)
                        : await WriteTarAsync(plan, blob, cancellationToken).ConfigureAwait(false);
                    var digest = compressed ? blob.GetDigest() : diffId;
                    await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                    var descriptor = new Descriptor { MediaType = options.MediaType, Digest = digest, Size = blob.Length };
                    return new WrittenLayer(descriptor, diffId, tarSize, fullPath);
                }
            }
        }
        catch
        {
            // A half-written layer must not be mistaken for a good one later.
            File.Delete(fullPath);
            throw;
        }
    }

    /// <summary>
    /// The diff ID the layer of <paramref name="entries"/> would have with <paramref name="options"/>, without writing
    /// it: the tar is hashed and nothing is kept or compressed. A caller that may reuse a layer it already has (an
    /// exporter with a previous image) asks this first and compresses only what is new.
    /// </summary>
    public static async Task<Digest> DiffIdAsync(
        IEnumerable<LayerEntry> entries,
        LayerWriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var plan = LayerPlan.Create(entries, options ?? new LayerWriteOptions());
        var (diffId, _) = await WriteTarAsync(plan, Stream.Null, cancellationToken).ConfigureAwait(false);
        return diffId;
    }

    /// <summary>
    /// Writes the uncompressed tar of <paramref name="entries"/> to <paramref name="output"/> (left open), e.g. to copy
    /// files into a container; returns its digest (what the diff ID of such a layer would be).
    /// </summary>
    public static async Task<Digest> WriteTarAsync(
        IEnumerable<LayerEntry> entries,
        Stream output,
        LayerWriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var plan = LayerPlan.Create(entries, options ?? new LayerWriteOptions());
        var (digest, _) = await WriteTarAsync(plan, output, cancellationToken).ConfigureAwait(false);
        return digest;
    }

    private static async Task<(Digest DiffId, long Size)> WriteGzipAsync(
        IReadOnlyList<LayerPlan.PlannedEntry> plan,
        Stream output,
        CompressionLevel level,
        CancellationToken cancellationToken)
    {
        var header = new GzipHeaderNormalizingStream(output, leaveOpen: true);
        await using (header.ConfigureAwait(false))
        {
            var gzip = new GZipStream(header, level, leaveOpen: true);
            await using (gzip.ConfigureAwait(false))
            {
                var result = await WriteTarAsync(plan, gzip, cancellationToken).ConfigureAwait(false);

                // Disposing flushes the last deflate block and the gzip trailer through the hashing stream below.
                await gzip.DisposeAsync().ConfigureAwait(false);
                return result;
            }
        }
    }

    private static async Task<(Digest DiffId, long Size)> WriteTarAsync(
        IReadOnlyList<LayerPlan.PlannedEntry> plan,
        Stream output,
        CancellationToken cancellationToken)
    {
        var tar = new DigestingWriteStream(output, leaveOpen: true);
        await using (tar.ConfigureAwait(false))
        {
            await LayerTarWriter.WriteAsync(plan, tar, cancellationToken).ConfigureAwait(false);
            return (tar.GetDigest(), tar.Length);
        }
    }
}
