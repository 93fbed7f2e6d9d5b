using System.Text.Json;
using Buildpacks.Images.Layers;
using Buildpacks.Images.Model;

namespace Buildpacks.Lifecycle.Export;

/// <summary>
/// The diff IDs of the layers the last export hashed, by <see cref="LayerFingerprint"/>, kept in a file between
/// exports of one app directory: a layer whose files have the same paths, sizes and times is not read and hashed
/// again. A self-contained app's runtime slice, some 110 MB that a code change never touches, then costs a few hundred
/// stats instead of a tenth of a second of hashing. Fingerprints carry the layer writer's build, so a new writer never
/// meets an old diff ID. Only entries used by the last export are kept; a missing or unreadable file is an empty
/// cache, and saving is best effort. Not for a platform that cannot keep the file to itself (the exporter of one
/// build at a time writes it).
/// </summary>
public sealed class LayerDiffIdCache
{
    private static readonly string WriterBuild = typeof(LayerFingerprint).Assembly.ManifestModule.ModuleVersionId.ToString("N");
    private readonly string _path;
    private readonly Dictionary<string, string> _previous;
    private readonly Dictionary<string, string> _current = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    private LayerDiffIdCache(string path, Dictionary<string, string> previous)
    {
        _path = path;
        _previous = previous;
    }

    /// <summary>The cache kept at <paramref name="path"/> (empty when there is none yet).</summary>
    public static LayerDiffIdCache Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            var records = JsonSerializer.Deserialize(File.ReadAllText(path), LayerDiffIdCacheJson.Default.DictionaryStringString);
            return new LayerDiffIdCache(path, records ?? []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return new LayerDiffIdCache(path, []);
        }
    }

    /// <summary>
    /// The diff ID of the layer of <paramref name="entries"/> written with <paramref name="options"/>: the recorded one
    /// when the fingerprint matches, else <paramref name="hash"/>'s (recorded when the files are settled). Also returns
    /// the fingerprint it used, for <see cref="Forget"/>, when the diff ID came from the record.
    /// </summary>
    public async Task<(Digest DiffId, string? Recorded)> DiffIdAsync(
        IReadOnlyList<LayerEntry> entries, LayerWriteOptions options, Func<CancellationToken, Task<Digest>> hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var key = LayerFingerprint.TryCompute(entries, options) is { } fingerprint ? WriterBuild + ":" + fingerprint : null;
        string? known = null;
        lock (_gate)
        {
            if (key is not null)
            {
                _previous.TryGetValue(key, out known);
            }
        }

        if (known is not null && Digest.TryParse(known, out var recorded))
        {
            lock (_gate)
            {
                _current[key!] = known;
            }

            return (recorded, key);
        }

        var diffId = await hash(cancellationToken).ConfigureAwait(false);
        if (key is not null)
        {
            lock (_gate)
            {
                _current[key] = diffId.ToString();
            }
        }

        return (diffId, null);
    }

    /// <summary>Records <paramref name="diffId"/>, just computed by writing the layer, when the files are settled.</summary>
    public void Remember(IReadOnlyList<LayerEntry> entries, LayerWriteOptions options, Digest diffId)
    {
        if (LayerFingerprint.TryCompute(entries, options) is { } fingerprint)
        {
            lock (_gate)
            {
                _current[WriterBuild + ":" + fingerprint] = diffId.ToString();
            }
        }
    }

    /// <summary>Drops a record that proved wrong (the layer, written, had another diff ID): a file changed in place.</summary>
    public void Forget(string fingerprint)
    {
        lock (_gate)
        {
            _current.Remove(fingerprint);
            _previous.Remove(fingerprint);
        }
    }

    /// <summary>Writes the records this export used or made.</summary>
    public void Save()
    {
        try
        {
            Dictionary<string, string> records;
            lock (_gate)
            {
                records = new Dictionary<string, string>(_current, StringComparer.Ordinal);
            }

            var temporary = _path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(records, LayerDiffIdCacheJson.Default.DictionaryStringString));
            File.Move(temporary, _path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only a cache: the next export hashes the layers again.
        }
    }
}

/// <summary>Source-generated JSON for <see cref="LayerDiffIdCache"/>'s records (trimming- and AOT-safe).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class LayerDiffIdCacheJson : System.Text.Json.Serialization.JsonSerializerContext;
