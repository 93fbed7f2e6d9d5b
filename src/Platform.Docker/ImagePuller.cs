using Buildpacks.Images.References;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Buildpacks.Platform.Docker;

/// <summary>
/// Makes sure the daemon has an image, per <see cref="PullPolicy"/> (pack's and Spring Boot's rules): Always pulls;
/// IfNotPresent inspects and pulls on a miss; Never inspects only. Pull progress goes to the build log, one line per
/// layer step (not every byte count).
/// </summary>
internal sealed class ImagePuller(DockerClient client, DaemonCalls calls, RegistryCredentials credentials, IBuildLog log)
{
    /// <summary>
    /// The image's inspect data after applying <paramref name="policy"/>. <paramref name="missing"/> (a
    /// <see cref="Messages"/> template of the image and the daemon) is thrown when the policy forbids a pull and the
    /// image is absent; <paramref name="pullFailed"/> (of the image and the reason) when a pull fails.
    /// </summary>
    public async Task<ImageInspectResponse> EnsureAsync(ImageReference image, PullPolicy policy, string missing, string pullFailed, CancellationToken cancellationToken)
    {
        if (policy != PullPolicy.Always)
        {
            var present = await TryInspectAsync(image, cancellationToken).ConfigureAwait(false);
            if (present is not null)
            {
                log.Progress($"Using {image} from the daemon ({ShortId(present.ID)})");
                return present;
            }

            if (policy == PullPolicy.Never)
            {
                throw CodedException.Of(missing, image, calls.Endpoint.Display);
            }
        }

        await PullAsync(image, pullFailed, cancellationToken).ConfigureAwait(false);
        return await TryInspectAsync(image, cancellationToken).ConfigureAwait(false)
            ?? throw CodedException.Of(pullFailed, image, "the daemon reported a successful pull but has no such image");
    }

    /// <summary>The image's inspect data, or null when the daemon has no such image.</summary>
    public Task<ImageInspectResponse?> TryInspectAsync(ImageReference image, CancellationToken cancellationToken) =>
        calls.RunAsync<ImageInspectResponse?>($"inspect image {image}", async () =>
        {
            try
            {
                return await client.Images.InspectImageAsync(image.ToString(), cancellationToken).ConfigureAwait(false);
            }
            catch (DockerImageNotFoundException)
            {
                return null;
            }
            catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return null;
            }
        });

    private async Task PullAsync(ImageReference image, string pullFailed, CancellationToken cancellationToken)
    {
        log.Progress($"Pulling {image}");
        var parameters = image.Digest is not null
            ? new ImagesCreateParameters { FromImage = image.ToString() }
            : new ImagesCreateParameters { FromImage = image.Name, Tag = image.Tag ?? ImageReference.DefaultTag };
        var auth = await credentials.ForPullAsync(image, cancellationToken).ConfigureAwait(false);
        var progress = new PullProgress(log, image);
        try
        {
            await client.Images.CreateImageAsync(parameters, auth ?? new AuthConfig(), progress, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            throw CodedException.Because(e, pullFailed, image, DaemonCalls.MessageOf(e));
        }
        catch (Exception e) when (DaemonCalls.IsConnectionFailure(e))
        {
            throw calls.Unreachable(e);
        }

        if (progress.Error is { } error)
        {
            throw CodedException.Of(pullFailed, image, error);
        }
    }

    private static string ShortId(string id) => id.StartsWith("sha256:", StringComparison.Ordinal) && id.Length > 19 ? id[7..19] : id;

    // Synchronous, unlike Progress<T>: no line arrives after the pull has returned.
    private sealed class PullProgress(IBuildLog log, ImageReference image) : IProgress<JSONMessage>
    {
        private readonly object _gate = new();

        public string? Error { get; private set; }

        public void Report(JSONMessage value)
        {
            var error = value.Error?.Message ?? value.ErrorMessage;
            lock (_gate)
            {
                if (!string.IsNullOrWhiteSpace(error))
                {
                    Error ??= error.Trim();
                    return;
                }
            }

            // Byte counts arrive many times a second: only the steps of each layer are worth a line.
            if (string.IsNullOrEmpty(value.Status) || value.Status is "Downloading" or "Extracting" or "Waiting" or "Verifying Checksum")
            {
                return;
            }

            log.Progress(string.IsNullOrEmpty(value.ID) ? $"{image}: {value.Status}" : $"{image}: {value.ID}: {value.Status}");
        }
    }
}
