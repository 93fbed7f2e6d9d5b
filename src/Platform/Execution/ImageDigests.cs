using Buildpacks.Images.Engine;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;

namespace Buildpacks.Platform.Execution;

/// <summary>
/// What an image name points to now, asked as cheaply as the store allows: one manifest HEAD in a registry (the tag's
/// digest), one inspect in the daemon (the image ID). The up-to-date check and the executions that record what they
/// used ask here, so both read a name the same way.
/// </summary>
public static class ImageDigests
{
    // One try, and not long: a check that cannot be answered means "build", which then reports the real failure.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The digest <paramref name="image"/> resolves to in its registry; null when the registry has no such manifest.</summary>
    /// <param name="image">The name.</param>
    /// <param name="request">The build, whose insecure registries and credentials apply.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<string?> InRegistryAsync(ImageReference image, BuildRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(request);
        var settings = request.RegistrySettings() with { MaxAttempts = 1, RequestTimeout = RequestTimeout };
        using var client = new RegistryClient(image.Registry, settings);
        return (await client.TryGetManifestDigestAsync(image.Repository, image.Identifier, cancellationToken).ConfigureAwait(false))?.ToString();
    }

    /// <summary>The image ID <paramref name="image"/> has in the daemon of <paramref name="dockerHost"/>; null when it has none.</summary>
    public static async Task<string?> InDaemonAsync(ImageReference image, string? dockerHost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var engine = new EngineApiClient(BuildpackDockerHost.Resolve(dockerHost));
        return (await engine.TryInspectImageAsync(image.ToString(), cancellationToken).ConfigureAwait(false))?.Id;
    }
}
