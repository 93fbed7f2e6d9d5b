using System.Formats.Tar;
using System.Security.Cryptography;
using Buildpacks.Images.Engine;
using Buildpacks.Images.Model;

namespace Buildpacks.Images.Stores.Daemon;

/// <summary>
/// Configs and layers of daemon images, extracted from a <c>docker save</c> stream. The Engine API has no way to
/// fetch one layer or the exact config bytes, so a save is streamed once and what it holds is kept: configs by image
/// ID, layers (uncompressed tars) by diff ID so images sharing a base share its files. Each file is named by the hash
/// of its bytes, computed as they are written, so the cache cannot hold a file under the wrong name.
/// </summary>
internal sealed class DaemonImageCache
{
    private readonly string _root;

    public DaemonImageCache(string root) => _root = root;

    public string ConfigPath(Digest imageId) => Path.Combine(_root, "configs", imageId.Hex + ".json");

    public string LayerPath(Digest diffId) => Path.Combine(_root, "layers", diffId.Hex + ".tar");

    public bool HasImage(Digest imageId, IEnumerable<Digest> diffIds) =>
        File.Exists(ConfigPath(imageId)) && diffIds.All(d => File.Exists(LayerPath(d)));

    /// <summary>
    /// Reads <paramref name="saved"/> (a <c>docker save</c> tar of the image, legacy or OCI form) and keeps the image's
    /// config under <paramref name="imageId"/> and the layers whose digests are in <paramref name="diffIds"/>,
    /// stopping as soon as it has them all. A daemon on the graph-driver store names the config by the image ID (its
    /// digest) and the layers by their diff IDs; one on the containerd image store (Docker Desktop's default since 4.34,
    /// Docker Engine's since 29) has the manifest's or index's digest for an image ID and saves the blobs as they are
    /// stored, layers compressed and named by their blob digests: there the config is the JSON blob whose
    /// <c>rootfs.diff_ids</c> are <paramref name="diffIds"/>, and a gzip layer is kept decompressed when that is a
    /// wanted layer.
    /// </summary>
    public async Task ExtractAsync(Stream saved, Digest imageId, IReadOnlyCollection<Digest> diffIds, string source, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigPath(imageId))!);
        Directory.CreateDirectory(Path.GetDirectoryName(LayerPath(imageId))!);
        var missing = diffIds.Where(d => !File.Exists(LayerPath(d))).ToHashSet();
        var needConfig = !File.Exists(ConfigPath(imageId));
        await using var reader = new TarReader(saved, leaveOpen: true);
        while ((needConfig || missing.Count > 0)
            && await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
            {
                continue;
            }

            var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
            // Where each daemon puts what: Docker before 25 "<config hex>.json" and "<v1 id>/layer.tar"; Podman
            // "<config hex>.json" and "<diff id hex>.tar" (layer.tar being a symlink to it); Docker 25 blobs/sha256/<hex>.
            var atRoot = !name.Contains('/', StringComparison.Ordinal);
            var namedHex = name.StartsWith("blobs/sha256/", StringComparison.Ordinal) ? name["blobs/sha256/".Length..]
                : atRoot && name.EndsWith(".json", StringComparison.Ordinal) ? name[..^5]
                : atRoot && name.EndsWith(".tar", StringComparison.Ordinal) ? name[..^4]
                : null;
            if (namedHex == imageId.Hex)
            {
                // The config on the graph-driver store; the manifest on the containerd store, whose image ID it is.
                if (needConfig)
                {
                    await TryKeepConfigAsync(entry.DataStream, entry.Length, imageId.Hex, imageId, diffIds, cancellationToken).ConfigureAwait(false);
                    needConfig = !File.Exists(ConfigPath(imageId));
                }
            }
            else if (name.EndsWith("/layer.tar", StringComparison.Ordinal)
                || (namedHex is not null && !name.EndsWith(".json", StringComparison.Ordinal) && missing.Any(d => d.Hex == namedHex)))
            {
                // A legacy layer.tar does not say which layer it is: its hash does.
                var kept = await KeepAsync(entry.DataStream, entry.Length, missing.Contains, LayerPath, cancellationToken).ConfigureAwait(false);
                if (kept is { } diffId)
                {
                    missing.Remove(diffId);
                }
            }
            else if (name.StartsWith("blobs/", StringComparison.Ordinal))
            {
                // A blob named by what the containerd store keeps: what it is shows in its first bytes.
                var kept = await KeepStoredBlobAsync(entry.DataStream, entry.Length, namedHex, imageId, diffIds, needConfig, missing, cancellationToken).ConfigureAwait(false);
                needConfig = !File.Exists(ConfigPath(imageId));
                if (kept is { } diffId)
                {
                    missing.Remove(diffId);
                }
            }
        }

        if (needConfig || missing.Count > 0)
        {
            throw new DaemonException(
                $"The image {imageId} saved from {source} lacks "
                + (needConfig ? "its config" : $"the layers {string.Join(", ", missing)}")
                + "; the daemon's image store may be damaged. Pull or rebuild the image.");
        }
    }

    // A blob of a containerd-store save: the image's config (a small JSON object whose rootfs.diff_ids are the image's),
    // kept under the image ID; a gzip layer, decompressed, kept when its diff ID is wanted; anything else (manifests,
    // indexes, attestations, layers the cache has) passed over. Returns the diff ID of a layer kept.
    private async Task<Digest?> KeepStoredBlobAsync(
        Stream data, long length, string? namedHex, Digest imageId, IReadOnlyCollection<Digest> diffIds, bool needConfig, HashSet<Digest> missing, CancellationToken cancellationToken)
    {
        var head = new byte[2];
        var headLength = 0;
        while (headLength < head.Length && headLength < length)
        {
            var read = await data.ReadAsync(head.AsMemory(headLength, (int)Math.Min(head.Length - headLength, length - headLength)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException("The saved image ended inside a blob.");
            }

            headLength += read;
        }

        await using var whole = new Layers.PrefixedReadStream(head, headLength, data, leaveOpen: true, length);
        if (headLength == 2 && head[0] == 0x1f && head[1] == 0x8b && missing.Count > 0)
        {
            var gunzip = new System.IO.Compression.GZipStream(whole, System.IO.Compression.CompressionMode.Decompress, leaveOpen: true);
            await using (gunzip.ConfigureAwait(false))
            {
                var kept = await KeepAsync(gunzip, length: null, missing.Contains, LayerPath, cancellationToken).ConfigureAwait(false);
                await whole.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                return kept;
            }
        }

        if (needConfig && namedHex is not null && headLength > 0 && head[0] == (byte)'{')
        {
            await TryKeepConfigAsync(whole, length, namedHex, imageId, diffIds, cancellationToken).ConfigureAwait(false);
            return null;
        }

        await whole.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        return null;
    }

    // Keeps a small JSON entry as the image's config when it is one: an image config whose diff IDs are the image's,
    // and whose bytes hash to the digest the save names it by (so a damaged save is not kept).
    private async Task TryKeepConfigAsync(Stream data, long length, string namedHex, Digest imageId, IReadOnlyCollection<Digest> diffIds, CancellationToken cancellationToken)
    {
        const long LargestConfig = 8 * 1024 * 1024;
        if (length > LargestConfig)
        {
            return;
        }

        var json = new byte[length];
        await data.ReadExactlyAsync(json, cancellationToken).ConfigureAwait(false);
        if (Digest.Compute(json).Hex == namedHex && IsConfigOf(json, diffIds))
        {
            var path = ConfigPath(imageId);
            var temporary = path + $".{Guid.NewGuid():N}.tmp";
            await File.WriteAllBytesAsync(temporary, json, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
    }

    private static bool IsConfigOf(byte[] json, IReadOnlyCollection<Digest> diffIds)
    {
        try
        {
            var config = Json.ImageJson.ParseConfig(json, "a saved blob");
            return config.RootFs is { Type: "layers" } rootFs && rootFs.DiffIds is { } ids && ids.SequenceEqual(diffIds);
        }
        catch (Exception e) when (e is ImageException or System.Text.Json.JsonException or FormatException)
        {
            // A manifest, an index or an attestation: JSON, but no image config.
            return false;
        }
    }

    // Streams an entry into a temporary file while hashing it; keeps it under pathFor(digest) when wanted(digest).
    // The entry is read for exactly its length: TarReader's data stream over a non-seekable archive throws, rather
    // than returning 0, when read at its end.
    private static async Task<Digest?> KeepAsync(Stream data, long? length, Func<Digest, bool> wanted, Func<Digest, string> pathFor, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(pathFor(Digest.Compute([])))!;
        var temporary = Path.Combine(directory, $".extract-{Guid.NewGuid():N}.tmp");
        try
        {
            Digest digest;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[81920];
                for (var remaining = length ?? long.MaxValue; remaining > 0;)
                {
                    var read = await data.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        // A stream of unknown length (a decompressed blob) ends where it ends.
                        if (length is null)
                        {
                            break;
                        }

                        throw new EndOfStreamException($"The saved image ended {remaining} bytes short of an entry.");
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    remaining -= read;
                }

                digest = Digest.FromSha256(hash.GetHashAndReset());
            }

            if (!wanted(digest))
            {
                return null;
            }

            File.Move(temporary, pathFor(digest), overwrite: true);
            return digest;
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
