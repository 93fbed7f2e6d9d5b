using Buildpacks.Images.Engine;
using Buildpacks.Images.Model;
using Buildpacks.Images.Pipes;
using Buildpacks.Images.Stores.Archive;

namespace Buildpacks.Images.Stores.Daemon;

/// <summary>
/// Feeds an image to <c>POST /images/load</c>: a docker-archive generated into a pipe while the daemon reads the
/// other end, so the image is never held whole in memory or written to disk first.
/// </summary>
internal sealed class DaemonLoader(IDaemonImageApi api)
{
    /// <summary>Loads <paramref name="content"/>, with <paramref name="placeholders"/> sent as empty layer files.</summary>
    public async Task<TransferStatistics> LoadAsync(ArchiveImageContent content, IReadOnlySet<Digest> placeholders, CancellationToken cancellationToken)
    {
        var name = content.Tags[0].ToString();
        var pipe = new StreamPipe();
        var options = new ImageArchiveWriteOptions { Format = ImageArchiveFormat.DockerArchive, PlaceholderLayers = placeholders, ForDockerLoadOnly = true };
        using var stopProducer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(
            async () =>
            {
                await using (pipe.Writer)
                {
                    return await ImageArchiveWriter.WriteAsync(pipe.Writer, content, options, stopProducer.Token).ConfigureAwait(false);
                }
            },
            CancellationToken.None);

        DaemonLoadOutcome? outcome = null;
        Exception? loadFailure = null;
        try
        {
            outcome = await api.LoadImageAsync(pipe.Reader, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            loadFailure = ex;
        }
        finally
        {
            // The daemon may stop reading early (it refused the archive): make the producer's next write fail.
            await pipe.Reader.DisposeAsync().ConfigureAwait(false);
            await stopProducer.CancelAsync().ConfigureAwait(false);
        }

        TransferStatistics? statistics = null;
        Exception? producerFailure = null;
        try
        {
            statistics = await producer.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            producerFailure = ex;
        }

        // A producer that failed on its own (a layer could not be read, or did not match its digest) is the cause of
        // whatever the daemon then said about the truncated archive; one that failed because the daemon stopped
        // reading is not.
        var producerIsCause = producerFailure is not null and not PipeReaderGoneException
            && !(producerFailure is OperationCanceledException && loadFailure is not null);
        if (producerIsCause)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(producerFailure!).Throw();
        }

        if (loadFailure is not null || producerFailure is not null)
        {
            throw Translate(loadFailure ?? producerFailure!, name);
        }

        if (outcome?.Error is { } error)
        {
            throw new DaemonLoadException(name, api.Endpoint, error);
        }

        return statistics!;
    }

    // The transport already named an unreachable daemon; anything else the daemon said is about this image.
    private Exception Translate(Exception failure, string name) => failure switch
    {
        DaemonUnreachableException => failure,
        DaemonRequestException request => new DaemonLoadException(name, api.Endpoint, request.DaemonMessage, request),
        _ => new DaemonLoadException(name, api.Endpoint, failure.Message, failure),
    };
}
