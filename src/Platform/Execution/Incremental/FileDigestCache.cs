using System.Security.Cryptography;
using System.Text.Json;

namespace Buildpacks.Platform.Execution.Incremental;

/// <summary>
/// The SHA-256 of each file the last fingerprint hashed, with the size and modification time the file had, kept beside
/// the stamp: a file whose size and time are still those is not read again (MSBuild's own incrementality trusts
/// times the same way), so an unchanged self-contained publish, some 110 MB, costs a few hundred stats instead of
/// hashing it all. A file modified within two seconds before its hash was recorded is hashed again next time, as git
/// treats "racily clean" files: a write in the same clock tick could have followed the hash. Unreadable or missing
/// records are no records; saving is best effort.
/// </summary>
internal sealed class FileDigestCache
{
    private static readonly TimeSpan Racy = TimeSpan.FromSeconds(2);
    private readonly string? _path;
    private readonly Dictionary<string, Record> _previous;
    private readonly Dictionary<string, Record> _current = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    private FileDigestCache(string? path, Dictionary<string, Record> previous)
    {
        _path = path;
        _previous = previous;
    }

    /// <summary>A cache that remembers nothing (no stamp).</summary>
    public static FileDigestCache None { get; } = new(null, []);

    /// <summary>The records at <paramref name="path"/>, if any.</summary>
    public static FileDigestCache Load(string path)
    {
        try
        {
            var records = JsonSerializer.Deserialize(File.ReadAllText(path), FileDigestCacheJson.Default.DictionaryStringRecord);
            return new FileDigestCache(path, records ?? []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return new FileDigestCache(path, []);
        }
    }

    /// <summary>The hex SHA-256 of the file at <paramref name="path"/>, from the records when its size and time match.</summary>
    public async Task<string> HashAsync(string path, byte[] buffer, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        var size = info.Length;
        var time = info.LastWriteTimeUtc.Ticks;
        Record? known;
        lock (_gate)
        {
            _previous.TryGetValue(path, out known);
        }

        var hash = known is not null && known.Size == size && known.Time == time && known.Recorded - time >= Racy.Ticks
            ? known.Hash
            : await ReadAndHashAsync(path, buffer, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _current[path] = known is not null && ReferenceEquals(hash, known.Hash) ? known : new Record(size, time, DateTime.UtcNow.Ticks, hash);
        }

        return hash;
    }

    /// <summary>Writes the records of the files hashed since <see cref="Load"/> (so removed files drop out).</summary>
    public void Save()
    {
        if (_path is null)
        {
            return;
        }

        try
        {
            var temporary = _path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(_current, FileDigestCacheJson.Default.DictionaryStringRecord));
            File.Move(temporary, _path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only a cache: the next fingerprint hashes the files again.
        }
    }

    private static async Task<string> ReadAndHashAsync(string path, byte[] buffer, CancellationToken cancellationToken)
    {
        using var file = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                file.AppendData(buffer, 0, read);
            }
        }

        return Convert.ToHexString(file.GetHashAndReset());
    }

    /// <summary>One file as last hashed: size, modification time and when the hash was taken (UTC ticks), and the hash.</summary>
    internal sealed record Record(long Size, long Time, long Recorded, string Hash);
}

/// <summary>Source-generated JSON for <see cref="FileDigestCache"/>'s records (trimming- and AOT-safe).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, FileDigestCache.Record>))]
internal sealed partial class FileDigestCacheJson : System.Text.Json.Serialization.JsonSerializerContext;
