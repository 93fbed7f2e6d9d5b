using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Buildpacks.Images.Caching;

/// <summary>
/// Records one run leaves for the next, by key, in a JSON file: the last run's are read at <see cref="Load"/>, this run
/// keeps those it used or made (<see cref="Keep"/>), and <see cref="Save"/> writes only those, so records nobody asked
/// for drop out. A missing or unreadable file is no records, and saving is best effort: whatever is kept here can be
/// worked out again. What the file-backed caches of an edit loop share (the fingerprint's file hashes, the exporter's
/// diff IDs); one run at a time writes a file.
/// </summary>
/// <typeparam name="TRecord">A record; its JSON comes from the source-generated <c>typeInfo</c> (AOT-safe).</typeparam>
public sealed class KeptRecords<TRecord>
    where TRecord : class
{
    private readonly string? _path;
    private readonly JsonTypeInfo<Dictionary<string, TRecord>>? _typeInfo;
    private readonly Dictionary<string, TRecord> _previous;
    private readonly Dictionary<string, TRecord> _current = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    private KeptRecords(string? path, JsonTypeInfo<Dictionary<string, TRecord>>? typeInfo, Dictionary<string, TRecord> previous)
    {
        _path = path;
        _typeInfo = typeInfo;
        _previous = previous;
    }

    /// <summary>Records that are neither read nor kept (no file to keep them in).</summary>
    public static KeptRecords<TRecord> None { get; } = new(null, null, []);

    /// <summary>The records kept at <paramref name="path"/>, none when there are none yet.</summary>
    public static KeptRecords<TRecord> Load(string path, JsonTypeInfo<Dictionary<string, TRecord>> typeInfo)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(typeInfo);
        try
        {
            return new KeptRecords<TRecord>(path, typeInfo, JsonSerializer.Deserialize(File.ReadAllText(path), typeInfo) ?? []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return new KeptRecords<TRecord>(path, typeInfo, []);
        }
    }

    /// <summary>The last run's record of <paramref name="key"/>.</summary>
    public bool TryGetPrevious(string key, [NotNullWhen(true)] out TRecord? record)
    {
        lock (_gate)
        {
            return _previous.TryGetValue(key, out record);
        }
    }

    /// <summary>Keeps <paramref name="record"/> under <paramref name="key"/> for the next run.</summary>
    public void Keep(string key, TRecord record)
    {
        if (_path is null)
        {
            return;
        }

        lock (_gate)
        {
            _current[key] = record;
        }
    }

    /// <summary>Drops <paramref name="key"/>'s record, the last run's and this one's.</summary>
    public void Forget(string key)
    {
        lock (_gate)
        {
            _previous.Remove(key);
            _current.Remove(key);
        }
    }

    /// <summary>Writes the records this run kept (through a temporary file, so a reader never sees half of them).</summary>
    public void Save()
    {
        if (_path is null)
        {
            return;
        }

        try
        {
            string json;
            lock (_gate)
            {
                json = JsonSerializer.Serialize(_current, _typeInfo!);
            }

            var temporary = _path + ".tmp";
            File.WriteAllText(temporary, json);
            File.Move(temporary, _path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only a cache: the next run works it out again.
        }
    }
}
