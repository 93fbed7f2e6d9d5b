using Buildpacks.Images.Caching;
using Buildpacks.Images.Layers;
using Buildpacks.Images.Model;

namespace Buildpacks.Lifecycle.Export;

/// <summary>
/// The diff IDs of the layers the last export hashed, by <see cref="LayerFingerprint"/>, kept in a file between
/// exports of one app directory (<see cref="KeptRecords{TRecord}"/>): a layer whose files have the same paths, sizes
/// and times is not read and hashed again. A self-contained app's runtime slice, some 110 MB that a code change never
/// touches, then costs a few hundred stats instead of a tenth of a second of hashing. Fingerprints carry the layer
/// writer's build, so a new writer never meets an old diff ID. Not for a platform that cannot keep the file to itself
/// (the exporter of one build at a time writes it).
/// </summary>
public sealed class LayerDiffIdCache
{
    private static readonly string WriterBuild = typeof(LayerFingerprint).Assembly.ManifestModule.ModuleVersionId.ToString("N");
    private readonly KeptRecords<string> _records;

    private LayerDiffIdCache(KeptRecords<string> records) => _records = records;

    /// <summary>The cache kept at <paramref name="path"/> (empty when there is none yet).</summary>
    public static LayerDiffIdCache Load(string path) => new(KeptRecords<string>.Load(path, LayerDiffIdCacheJson.Default.DictionaryStringString));

    /// <summary>
    /// The diff ID of the layer of <paramref name="entries"/> written with <paramref name="options"/>: the recorded one
    /// when the fingerprint matches, else <paramref name="hash"/>'s (recorded when the files are settled). Also returns
    /// the fingerprint it used, for <see cref="Forget"/>, when the diff ID came from the record.
    /// </summary>
    public async Task<(Digest DiffId, string? Recorded)> DiffIdAsync(
        IReadOnlyList<LayerEntry> entries, LayerWriteOptions options, Func<CancellationToken, Task<Digest>> hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var key = KeyOf(entries, options);
        if (key is not null && _records.TryGetPrevious(key, out var known) && Digest.TryParse(known, out var recorded))
        {
            _records.Keep(key, known);
            return (recorded, key);
        }

        var diffId = await hash(cancellationToken).ConfigureAwait(false);
        if (key is not null)
        {
            _records.Keep(key, diffId.ToString());
        }

        return (diffId, null);
    }

    /// <summary>Records <paramref name="diffId"/>, just computed by writing the layer, when the files are settled.</summary>
    public void Remember(IReadOnlyList<LayerEntry> entries, LayerWriteOptions options, Digest diffId)
    {
        if (KeyOf(entries, options) is { } key)
        {
            _records.Keep(key, diffId.ToString());
        }
    }

    /// <summary>Drops a record that proved wrong (the layer, written, had another diff ID): a file changed in place.</summary>
    public void Forget(string fingerprint) => _records.Forget(fingerprint);

    /// <summary>Writes the records this export used or made.</summary>
    public void Save() => _records.Save();

    private static string? KeyOf(IReadOnlyList<LayerEntry> entries, LayerWriteOptions options) =>
        LayerFingerprint.TryCompute(entries, options) is { } fingerprint ? WriterBuild + ":" + fingerprint : null;
}

/// <summary>Source-generated JSON for <see cref="LayerDiffIdCache"/>'s records (trimming- and AOT-safe).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class LayerDiffIdCacheJson : System.Text.Json.Serialization.JsonSerializerContext;
