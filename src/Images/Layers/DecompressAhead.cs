using Buildpacks.Images.Pipes;

namespace Buildpacks.Images.Layers;

/// <summary>
/// A layer's tar read on a thread of its own: the blob is read (and gunzipped) into a <see cref="ProducedStream"/>,
/// whose reading end <see cref="Tar"/> is. The reader's failure wins over what the extraction saw: a blob that broke
/// off half-way must not pass for a short layer.
/// </summary>
internal sealed class DecompressAhead : IDisposable
{
    private readonly ProducedStream _tar;

    /// <summary>Starts reading <paramref name="layer"/> (left open) into the pipe.</summary>
    public DecompressAhead(Stream layer, CancellationToken cancellationToken)
    {
        _tar = ProducedStream.Start(
            async (pipe, token) =>
            {
                var tar = await LayerReader.OpenTarAsync(layer, leaveOpen: true, token).ConfigureAwait(false);
                await using (tar.ConfigureAwait(false))
                {
                    // Writes under the large object heap's 85,000 bytes: the pipe keeps a copy of each.
                    await tar.CopyToAsync(pipe, 81920, token).ConfigureAwait(false);
                }
            },
            cancellationToken);
    }

    /// <summary>The layer's tar, as it is read.</summary>
    public Stream Tar => _tar;

    /// <summary>
    /// Ends the reading side once the extraction has finished or failed, and rethrows what the reader met before then:
    /// a write into a pipe nobody reads any more is not a failure (a tar's end can come before its blob's).
    /// </summary>
    public async Task FinishAsync() => await _tar.DisposeAsync().ConfigureAwait(false);

    /// <inheritdoc />
    public void Dispose() => _tar.Dispose();
}
