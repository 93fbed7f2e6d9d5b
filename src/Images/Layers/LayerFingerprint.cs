using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Buildpacks.Images.Caching;

namespace Buildpacks.Images.Layers;

/// <summary>
/// What a layer's tar would be made of, known without reading a file: every entry's header as the writer would write
/// it (name, type, mode, owner, time, link) and, for each file, its path on disk, size and modification time (content in
/// memory counts by its bytes). Two layers with the same fingerprint have the same tar, so the same diff ID, as long as
/// no file was rewritten in place keeping its size and time, the same trust MSBuild's incremental build and the
/// publish's own copy give a file's time. A file that is not settled now (<see cref="SettledFile"/>) gives no
/// fingerprint.
/// </summary>
public static class LayerFingerprint
{
    /// <summary>
    /// The fingerprint (hex SHA-256) of the layer of <paramref name="entries"/> written with <paramref name="options"/>,
    /// or null when a file is missing or modified too recently to be trusted.
    /// </summary>
    public static string? TryCompute(IEnumerable<LayerEntry> entries, LayerWriteOptions? options = null)
    {
        var plan = LayerPlan.Create(entries, options ?? new LayerWriteOptions());
        var now = DateTime.UtcNow;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var line = new StringBuilder();
        foreach (var entry in plan)
        {
            var header = entry.Header;
            line.Clear().Append(CultureInfo.InvariantCulture, $"{header.Name}\0{header.TypeFlag}\0{header.Mode}\0{header.Uid}\0{header.Gid}\0{header.ModificationTime}\0{header.LinkName}\0");
            if (entry.Content?.FilePath is { } path)
            {
                var file = new FileInfo(path);
                if (!file.Exists || !SettledFile.WasSettled(file.LastWriteTimeUtc, now))
                {
                    return null;
                }

                line.Append(CultureInfo.InvariantCulture, $"file\0{path}\0{file.Length}\0{file.LastWriteTimeUtc.Ticks}");
            }
            else if (entry.Content?.Bytes is { } bytes)
            {
                line.Append(CultureInfo.InvariantCulture, $"bytes\0{Convert.ToHexString(SHA256.HashData(bytes.Span))}");
            }

            hash.AppendData(Encoding.UTF8.GetBytes(line.Append('\n').ToString()));
        }

        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }
}
