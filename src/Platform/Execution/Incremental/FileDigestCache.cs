using System.Security.Cryptography;
using Buildpacks.Images.Caching;

namespace Buildpacks.Platform.Execution.Incremental;

/// <summary>
/// The SHA-256 of each file the last fingerprint hashed, with the size and modification time the file had, kept beside
/// the stamp (<see cref="KeptRecords{TRecord}"/>): a file whose size and time are still those is not read again
/// (MSBuild's own incrementality trusts times the same way), so an unchanged self-contained publish, some 110 MB, costs
/// a few hundred stats instead of hashing it all. A file that was not settled when it was hashed
/// (<see cref="SettledFile"/>) is hashed again next time.
/// </summary>
internal sealed class FileDigestCache
{
    private readonly KeptRecords<Record> _records;

    private FileDigestCache(KeptRecords<Record> records) => _records = records;

    /// <summary>A cache that remembers nothing (no stamp).</summary>
    public static FileDigestCache None { get; } = new(KeptRecords<Record>.None);

    /// <summary>The records at <paramref name="path"/>, if any.</summary>
    public static FileDigestCache Load(string path) => new(KeptRecords<Record>.Load(path, FileDigestCacheJson.Default.DictionaryStringRecord));

    /// <summary>The hex SHA-256 of the file at <paramref name="path"/>, from the records when its size and time match.</summary>
    public async Task<string> HashAsync(string path, byte[] buffer, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        var size = info.Length;
        var time = info.LastWriteTimeUtc.Ticks;
        if (_records.TryGetPrevious(path, out var known)
            && known.Size == size && known.Time == time && SettledFile.WasSettled(new DateTime(time, DateTimeKind.Utc), new DateTime(known.Recorded, DateTimeKind.Utc)))
        {
            _records.Keep(path, known);
            return known.Hash;
        }

        var hash = await ReadAndHashAsync(path, buffer, cancellationToken).ConfigureAwait(false);
        _records.Keep(path, new Record(size, time, DateTime.UtcNow.Ticks, hash));
        return hash;
    }

    /// <summary>Writes the records of the files hashed since <see cref="Load"/> (so removed files drop out).</summary>
    public void Save() => _records.Save();

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
