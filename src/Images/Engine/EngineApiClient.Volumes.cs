using System.Net;

namespace Buildpacks.Images.Engine;

// Volumes: create, remove.
public sealed partial class EngineApiClient
{
    /// <inheritdoc />
    public async Task CreateVolumeAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(labels);
        var body = new VolumeCreateWire { Name = name, Labels = labels.Count == 0 ? null : new Dictionary<string, string>(labels) };
        using var response = await SendAsync(HttpMethod.Post, "volumes/create", JsonBody(body, ContainerApiJsonContext.Default.VolumeCreateWire), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "POST /volumes/create", null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task RemoveVolumeAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"volumes/{Segment(name)}?force=1", null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureSuccessAsync(response, "DELETE /volumes/{name}", null, cancellationToken).ConfigureAwait(false);
        }
    }
}
