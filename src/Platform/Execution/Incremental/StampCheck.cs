namespace Buildpacks.Platform.Execution.Incremental;

/// <summary>
/// The part of "up to date" a stamp cannot tell alone: that the image is still where it was written, under every tag,
/// at the recorded digest (a registry manifest HEAD, a daemon inspect), and that the builder and run image names still
/// resolve to what the build used (a tag moved to an OS patch: build again). One request per image, all at once; a
/// check that cannot be answered counts as a change, so the build runs and reports the real failure.
/// </summary>
public static class StampCheck
{
    /// <summary>
    /// What changed since <paramref name="stamp"/> was written, as a sentence; null when nothing did.
    /// </summary>
    public static async Task<string?> WhatChangedAsync(BuildStamp stamp, BuildRequest request, IExecutionHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(host);
        var checks = new List<(string What, ImageOrigin Origin, string Name, string? Expected)>();
        foreach (var tag in stamp.Tags)
        {
            switch (request.Destination.Kind)
            {
                case ImageDestinationKind.Registry when stamp.ManifestDigest is { } digest:
                    checks.Add(("the image", ImageOrigin.Registry, tag, digest));
                    break;
                case ImageDestinationKind.Daemon:
                    checks.Add(("the image", ImageOrigin.Daemon, tag, stamp.ImageId));
                    break;
            }
        }

        checks.AddRange(stamp.Inputs.Select(i => ("the input image", i.Origin, i.Name, (string?)i.Digest)));
        var answers = await Task.WhenAll(checks.Select(async check =>
        {
            try
            {
                var now = await host.ResolveAsync(check.Origin, check.Name, request, cancellationToken).ConfigureAwait(false);
                return now == check.Expected ? null
                    : now is null ? $"{check.What} {check.Name} is no longer in the {Where(check.Origin)}"
                    : $"{check.What} {check.Name} now points to {now} in the {Where(check.Origin)}, not {check.Expected}";
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return $"{check.What} {check.Name} could not be looked up in the {Where(check.Origin)} ({e.Message.TrimEnd('.')})";
            }
        })).ConfigureAwait(false);
        return answers.FirstOrDefault(a => a is not null);
    }

    private static string Where(ImageOrigin origin) => origin == ImageOrigin.Registry ? "registry" : "daemon";
}
