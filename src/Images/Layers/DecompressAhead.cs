using System.IO.Pipes;

namespace Buildpacks.Images.Layers;

/// <summary>
/// A layer's tar read on a thread of its own: the blob is read (and gunzipped) into an OS pipe, whose other end
/// <see cref="Tar"/> is. The reader's failure wins over what the extraction saw: a blob that broke off half-way must
/// not pass for a short layer.
/// </summary>
internal sealed class DecompressAhead : IDisposable
{
    private readonly AnonymousPipeServerStream _writer = new(PipeDirection.Out);
    private readonly AnonymousPipeClientStream _reader;
    private readonly Task _producer;
    private volatile bool _consumerDone;

    /// <summary>Starts reading <paramref name="layer"/> (left open) into the pipe.</summary>
    public DecompressAhead(Stream layer, CancellationToken cancellationToken)
    {
        _reader = new AnonymousPipeClientStream(PipeDirection.In, _writer.ClientSafePipeHandle);
        _producer = Task.Run(() => ProduceAsync(layer, cancellationToken), CancellationToken.None);
    }

    /// <summary>The layer's tar, as it is read.</summary>
    public Stream Tar => _reader;

    /// <summary>
    /// Ends the reading side once the extraction has finished or failed, and rethrows what the reader met before then:
    /// a write into a pipe nobody reads any more is not a failure (a tar's end can come before its blob's).
    /// </summary>
    public async Task FinishAsync()
    {
        _consumerDone = true;
        _reader.Dispose();
        await _producer.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _reader.Dispose();
        _writer.Dispose();
    }

    private async Task ProduceAsync(Stream layer, CancellationToken cancellationToken)
    {
        try
        {
            var tar = await LayerReader.OpenTarAsync(layer, leaveOpen: true, cancellationToken).ConfigureAwait(false);
            await using (tar.ConfigureAwait(false))
            {
                await tar.CopyToAsync(_writer, 1 << 20, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception) when (_consumerDone)
        {
            // The extraction ended first (done, or failed with its own error): nothing is waiting for these bytes.
        }
        finally
        {
            // End of file for the extraction: after the whole tar, or, after a failure, a short read that the
            // failure rethrown by FinishAsync overrides.
            _writer.Dispose();
        }
    }
}
