using Buildpacks.Images.Engine;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// Makes sure the daemon has an image, per <see cref="PullPolicy"/> (pack's and Spring Boot's rules): Always pulls;
/// IfNotPresent inspects and pulls on a miss; Never inspects only. With a <c>platform</c> (BuildpackPlatform),
/// pulls ask for it (a multi-platform image gives that platform, not the daemon's), and an image present for another
/// platform counts as a miss. With none asked, an image present for another platform than the daemon's own
/// (<paramref name="daemonPlatform"/>) is pulled again under IfNotPresent: a daemon holds one platform per name, so a
/// multi-platform publish leaves the builder's name on the platform it pulled last, and the next publish would build
/// for that one. Pull progress goes to the build log as the bytes of all layers together, a line every few seconds
/// (<see cref="PullProgress"/>).
/// </summary>
internal sealed class ImagePuller(IContainerEngine engine, DaemonErrors errors, RegistryCredentials credentials, IBuildLog log, ImagePlatform? platform, ImagePlatform? daemonPlatform)
{
    /// <summary>
    /// The image's inspect data after applying <paramref name="policy"/>. <paramref name="missing"/> (a
    /// <see cref="Messages"/> template of the image and the daemon) is thrown when the policy forbids a pull and the
    /// image is absent; <paramref name="pullFailed"/> (of the image and the reason) when a pull fails.
    /// </summary>
    public async Task<DaemonImageDetails> EnsureAsync(ImageReference image, PullPolicy policy, string missing, string pullFailed, CancellationToken cancellationToken)
    {
        if (policy != PullPolicy.Always)
        {
            var present = await TryInspectAsync(image, cancellationToken).ConfigureAwait(false);
            if (present is not null && !Holds(present, platform))
            {
                log.Progress($"{image} in the daemon is {present.Os}/{present.Architecture}, not {Describe(platform!)}");
                present = policy == PullPolicy.Never ? throw CodedException.Of(missing, image, errors.Endpoint) : null;
            }

            if (present is not null && platform is null && policy == PullPolicy.IfNotPresent && !Holds(present, daemonPlatform))
            {
                return await PullOwnPlatformAsync(image, present, pullFailed, cancellationToken).ConfigureAwait(false);
            }

            if (present is not null)
            {
                log.Progress($"Using {image} from the daemon ({ShortId(present.Id)})");
                return present;
            }

            if (policy == PullPolicy.Never)
            {
                throw CodedException.Of(missing, image, errors.Endpoint);
            }
        }

        await PullAsync(image, pullFailed, cancellationToken).ConfigureAwait(false);
        return await TryInspectAsync(image, cancellationToken).ConfigureAwait(false)
            ?? throw CodedException.Of(pullFailed, image, "the daemon reported a successful pull but has no such image");
    }

    // A pull without a platform gives the daemon's own from an index; an image of one platform stays what it is, and is
    // used as it is when its registry cannot be reached (a builder made in the daemon alone has none).
    private async Task<DaemonImageDetails> PullOwnPlatformAsync(ImageReference image, DaemonImageDetails present, string pullFailed, CancellationToken cancellationToken)
    {
        log.Progress($"{image} in the daemon is {present.Os}/{present.Architecture}, not the daemon's {Describe(daemonPlatform!)}: pulling it for the daemon's platform");
        try
        {
            await PullAsync(image, pullFailed, cancellationToken).ConfigureAwait(false);
        }
        catch (CodedException e) when (!cancellationToken.IsCancellationRequested)
        {
            log.Progress($"Using {image} from the daemon ({ShortId(present.Id)}, {present.Os}/{present.Architecture}): {e.Message}");
            return present;
        }

        return await TryInspectAsync(image, cancellationToken).ConfigureAwait(false) ?? present;
    }

    /// <summary>The image's inspect data, or null when the daemon has no such image.</summary>
    public Task<DaemonImageDetails?> TryInspectAsync(ImageReference image, CancellationToken cancellationToken) =>
        errors.RunAsync($"inspect image {image}", () => engine.TryInspectImageAsync(image.ToString(), cancellationToken));

    private async Task PullAsync(ImageReference image, string pullFailed, CancellationToken cancellationToken)
    {
        log.Progress($"Pulling {image}");
        var credential = await credentials.ForPullAsync(image, cancellationToken).ConfigureAwait(false);

        var progress = new PullProgress(log, image);
        await errors.RunAsync(
            $"pull {image}",
            () => engine.PullImageAsync(image, platform, credential, progress, cancellationToken),
            refusal: e => CodedException.Because(e, pullFailed, image, DaemonErrors.MessageOf(e))).ConfigureAwait(false);
        progress.Finished();
    }

    // No platform to compare with: whatever the daemon has. A variant is compared only when both say one.
    private static bool Holds(DaemonImageDetails image, ImagePlatform? wanted) =>
        wanted is null
        || (string.Equals(image.Os, wanted.Os, StringComparison.Ordinal)
            && string.Equals(image.Architecture, wanted.Architecture, StringComparison.Ordinal)
            && (wanted.Variant is null || string.IsNullOrEmpty(image.Variant) || image.Variant == wanted.Variant));

    private static string Describe(ImagePlatform platform) => platform.Variant is null ? $"{platform.Os}/{platform.Architecture}" : $"{platform.Os}/{platform.Architecture}/{platform.Variant}";

    private static string ShortId(string id) => id.StartsWith("sha256:", StringComparison.Ordinal) && id.Length > 19 ? id[7..19] : id;
}
