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
    public Task RemoveVolumeAsync(string name, CancellationToken cancellationToken) =>
        DeleteAsync($"volumes/{Segment(name)}?force=1", "DELETE /volumes/{name}", cancellationToken);
}
