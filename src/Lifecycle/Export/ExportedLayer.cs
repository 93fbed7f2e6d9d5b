using Buildpacks.Images.Layers;
using Buildpacks.Images.Model;

namespace Buildpacks.Lifecycle.Export;

/// <summary>
/// A layer the exporter made: the id the reference lifecycle gives it (e.g. <c>buildpacksio/lifecycle:launcher</c>,
/// <c>my/bp:node</c>, <c>slice-1</c>), its history text, its diff ID and its blob. The blob may be written only when
/// asked for (<see cref="ExportLayerFactory"/> with deferred blobs): a layer whose diff ID the previous image or the
/// cache already has is then reused without ever being compressed.
/// </summary>
public sealed class ExportedLayer
{
    private readonly Func<CancellationToken, Task<WrittenLayer>>? _write;
    private WrittenLayer? _written;

    /// <summary>A layer whose blob is written.</summary>
    public ExportedLayer(string id, string createdBy, WrittenLayer written)
    {
        ArgumentNullException.ThrowIfNull(written);
        Id = id;
        CreatedBy = createdBy;
        DiffId = written.DiffId;
        _written = written;
    }

    /// <summary>A layer of diff ID <paramref name="diffId"/> whose blob <paramref name="write"/> writes when first asked for.</summary>
    public ExportedLayer(string id, string createdBy, Digest diffId, Func<CancellationToken, Task<WrittenLayer>> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Id = id;
        CreatedBy = createdBy;
        DiffId = diffId;
        _write = write;
    }

    /// <summary>The layer id, for log lines and errors.</summary>
    public string Id { get; }

    /// <summary>The history entry's <c>created_by</c>.</summary>
    public string CreatedBy { get; }

    /// <summary>The sha256 of the layer's uncompressed tar.</summary>
    public Digest DiffId { get; }

    /// <summary>The layer's diff ID as the lifecycle metadata label records it.</summary>
    public string Sha => DiffId.ToString();

    /// <summary>Whether the blob has been written (a reused layer's never is).</summary>
    public bool IsWritten => _written is not null;

    /// <summary>The blob on disk with its digests, written now if it was not yet.</summary>
    /// <exception cref="InvalidOperationException">The files changed since the diff ID was computed.</exception>
    public async Task<WrittenLayer> WriteAsync(CancellationToken cancellationToken)
    {
        if (_written is null)
        {
            var written = await _write!(cancellationToken).ConfigureAwait(false);
            if (written.DiffId != DiffId)
            {
                throw new InvalidOperationException($"the files of layer '{Id}' changed while it was exported ({DiffId}, then {written.DiffId})");
            }

            _written = written;
        }

        return _written;
    }
}
