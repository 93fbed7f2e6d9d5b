using System.Net.Sockets;
using Buildpacks.Images.Model;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Archive;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Buildpacks.Images.Daemon;

/// <summary>
/// Feeds an image to <c>POST /images/load</c>: a docker-archive generated into a pipe while the daemon reads the
/// other end, so the image is never held whole in memory or written to disk first.
/// </summary>
internal sealed class DaemonLoader(DockerClient client, DaemonEndpoint endpoint)
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

        var messages = new LoadMessages();
        Exception? loadFailure = null;
        try
        {
            await client.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, pipe.Reader, messages, cancellationToken).ConfigureAwait(false);
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

        if (messages.Error is { } error)
        {
            throw new DaemonLoadException(name, endpoint, error);
        }

        return statistics!;
    }

    /// <summary>Whether an exception means the daemon could not be reached at all.</summary>
    public static bool IsConnectionFailure(Exception ex) =>
        ex is HttpRequestException or SocketException
        || (ex is IOException && ex.InnerException is SocketException)
        || (ex.InnerException is not null && ex.InnerException is SocketException or HttpRequestException);

    private Exception Translate(Exception failure, string name) => failure switch
    {
        DockerApiException api => new DaemonLoadException(name, endpoint, string.IsNullOrWhiteSpace(api.ResponseBody) ? api.Message : api.ResponseBody.Trim(), api),
        _ when IsConnectionFailure(failure) => new DaemonUnreachableException(endpoint, failure),
        _ => new DaemonLoadException(name, endpoint, failure.Message, failure),
    };

    // Synchronous, unlike Progress<T>, so no message arrives after the load call has returned.
    private sealed class LoadMessages : IProgress<JSONMessage>
    {
        private readonly object _gate = new();

        public string? Error { get; private set; }

        public void Report(JSONMessage value)
        {
            var error = value.Error?.Message ?? value.ErrorMessage;
            if (!string.IsNullOrWhiteSpace(error))
            {
                lock (_gate)
                {
                    Error ??= error;
                }
            }
        }
    }
}
