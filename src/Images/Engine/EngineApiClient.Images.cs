using System.Net;
using System.Net.Http.Headers;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry.Credentials;

namespace Buildpacks.Images.Engine;

// Images: inspect, list, save, load, tag, pull, remove.
public sealed partial class EngineApiClient
{
    // Pulls for a platform need API 1.32 (Docker 17.09); older daemons pull their own platform.
    private static readonly Version PullPlatformApi = new(1, 32);

    /// <inheritdoc />
    public async Task<DaemonImageDetails?> TryInspectImageAsync(string image, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"images/{ImagePath(image)}/json", null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var wire = await ReadJsonAsync(response, EngineApiJsonContext.Default.ImageInspectWire, "GET /images/{name}/json", cancellationToken).ConfigureAwait(false);
        return new DaemonImageDetails
        {
            Id = wire.Id ?? throw new DaemonException($"The daemon on {Endpoint} inspected {image} but gave no image ID."),
            RepoTags = wire.RepoTags ?? [],
            DiffIds = wire.RootFs?.Layers ?? [],
            Os = wire.Os,
            Architecture = wire.Architecture,
            Variant = wire.Variant,
            Labels = wire.Config?.Labels ?? [],
            User = string.IsNullOrEmpty(wire.Config?.User) ? null : wire.Config.User,
            Environment = wire.Config?.Env ?? [],
        };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DaemonImageSummary>> ListImagesAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "images/json", null, cancellationToken).ConfigureAwait(false);
        var images = await ReadJsonAsync(response, EngineApiJsonContext.Default.ListImageSummaryWire, "GET /images/json", cancellationToken).ConfigureAwait(false);
        return images
            .Where(i => i.Id is not null)
            .Select(i => new DaemonImageSummary { Id = i.Id!, RepoTags = i.RepoTags ?? [] })
            .ToList();
    }

    /// <inheritdoc />
    public async Task<Stream> SaveImageAsync(string image, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        var response = await SendAsync(HttpMethod.Get, "images/get?names=" + Uri.EscapeDataString(image), null, cancellationToken).ConfigureAwait(false);
        return await StreamBodyAsync(response, "GET /images/get", image, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<DaemonLoadOutcome> LoadImageAsync(Stream archive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);

        // Quiet: one line per loaded image instead of a progress bar per layer. No length: the archive is generated
        // as it is sent, so the body goes chunked.
        var content = new StreamContent(archive, 81920);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        using var response = await SendAsync(HttpMethod.Post, "images/load?quiet=1", content, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "POST /images/load", null, cancellationToken).ConfigureAwait(false);
        await using var answer = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await StreamMessageReader.ReadLoadAsync(answer, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task TagImageAsync(string image, string repository, string tag, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        var path = $"images/{ImagePath(image)}/tag?repo={Uri.EscapeDataString(repository)}&tag={Uri.EscapeDataString(tag)}";
        using var response = await SendAsync(HttpMethod.Post, path, null, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "POST /images/{name}/tag", image, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task PullImageAsync(ImageReference image, ImagePlatform? platform, RegistryCredential? credential, IProgress<ImagePullProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var version = await NegotiateApiVersionAsync(cancellationToken).ConfigureAwait(false);
        var query = image.Digest is not null
            ? "fromImage=" + Uri.EscapeDataString(image.ToString())
            : $"fromImage={Uri.EscapeDataString(image.Name)}&tag={Uri.EscapeDataString(image.Tag ?? ImageReference.DefaultTag)}";
        if (platform is not null && version >= PullPlatformApi)
        {
            query += "&platform=" + Uri.EscapeDataString(platform.ToString());
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"v{EngineApiVersion.Format(version)}/images/create?{query}");
        if (credential is not null)
        {
            request.Headers.TryAddWithoutValidation(RegistryAuthHeader.Name, RegistryAuthHeader.Encode(credential, image.Registry));
        }

        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);

        // A registry that refuses or lacks the image is a 200 whose stream ends in an error message (Docker), or an
        // error answer (Docker for some failures, Podman for most): both fail the pull.
        await EnsureSuccessAsync(response, "POST /images/create", null, cancellationToken).ConfigureAwait(false);
        await using var answer = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        string? error = null;
        await StreamMessageReader.ReadAsync(
            answer,
            message =>
            {
                if (StreamMessageReader.ErrorOf(message) is { } refusal)
                {
                    error ??= refusal;
                }
                else if (message.Status is { Length: > 0 } status)
                {
                    progress?.Report(new ImagePullProgress(string.IsNullOrEmpty(message.Id) ? null : message.Id, status, message.ProgressDetail?.Current, message.ProgressDetail?.Total));
                }
            },
            cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            throw new DaemonPullException(image.ToString(), Endpoint, error);
        }
    }

    /// <inheritdoc />
    public Task RemoveImageAsync(string image, CancellationToken cancellationToken) =>
        DeleteAsync($"images/{ImagePath(image)}?force=1", "DELETE /images/{name}", cancellationToken);
}
