using System.Net;
using System.Net.Http.Headers;

namespace Buildpacks.Images.Engine;

// Containers: create, copy in and out, attach, start, wait, kill, remove.
public sealed partial class EngineApiClient
{
    // Creating a container for a platform needs API 1.41 (Docker 20.10); older daemons run their own platform.
    private static readonly Version CreatePlatformApi = new(1, 41);

    /// <inheritdoc />
    public async Task<string> CreateContainerAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var version = await NegotiateApiVersionAsync(cancellationToken).ConfigureAwait(false);
        var body = new ContainerCreateWire
        {
            Image = spec.Image,
            Entrypoint = spec.Entrypoint.Count == 0 ? null : [.. spec.Entrypoint],
            Cmd = spec.Command.Count == 0 ? null : [.. spec.Command],
            Env = spec.Environment.Count == 0 ? null : [.. spec.Environment],
            User = spec.User,
            WorkingDir = spec.WorkingDirectory,
            Labels = spec.Labels.Count == 0 ? null : new Dictionary<string, string>(spec.Labels),
            AttachStdout = true,
            AttachStderr = true,
            HostConfig = new HostConfigWire
            {
                Binds = spec.Binds.Count == 0 ? null : [.. spec.Binds],
                NetworkMode = spec.NetworkMode,
                SecurityOpt = spec.SecurityOptions.Count == 0 ? null : [.. spec.SecurityOptions],
            },
        };
        var path = spec.Platform is { } platform && version >= CreatePlatformApi
            ? "containers/create?platform=" + Uri.EscapeDataString(platform.ToString())
            : "containers/create";
        using var response = await SendAsync(HttpMethod.Post, path, JsonBody(body, ContainerApiJsonContext.Default.ContainerCreateWire), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "POST /containers/create", spec.Image, cancellationToken).ConfigureAwait(false);
        var created = await ReadJsonAsync(response, ContainerApiJsonContext.Default.ContainerCreatedWire, "POST /containers/create", cancellationToken).ConfigureAwait(false);
        return created.Id is { Length: > 0 } id ? id : throw new DaemonException($"The daemon on {Endpoint} created a container of {spec.Image} but gave no ID.");
    }

    /// <inheritdoc />
    public async Task CopyIntoContainerAsync(string containerId, string path, Stream archive, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(archive);
        var content = new StreamContent(archive, 81920);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        using var response = await SendAsync(HttpMethod.Put, $"containers/{Segment(containerId)}/archive?path={Uri.EscapeDataString(path)}", content, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "PUT /containers/{id}/archive", null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Stream?> TryCopyFromContainerAsync(string containerId, string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var response = await SendAsync(HttpMethod.Get, $"containers/{Segment(containerId)}/archive?path={Uri.EscapeDataString(path)}", null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            return null;
        }

        return await StreamBodyAsync(response, "GET /containers/{id}/archive", null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<MultiplexedStreamReader> AttachAsync(string containerId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, await PathAsync($"containers/{Segment(containerId)}/attach?stream=1&stdout=1&stderr=1", cancellationToken).ConfigureAwait(false));

        // The daemon hands the connection over to the container's output ("hijacks" it). Asked to upgrade, Docker and
        // Podman answer 101 and HttpClient gives the raw connection; a daemon that answers 200 instead streams the
        // output as a body that ends when the connection closes, which reads the same.
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new ProductHeaderValue("tcp"));
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            if (response.StatusCode != HttpStatusCode.SwitchingProtocols)
            {
                await EnsureSuccessAsync(response, "POST /containers/{id}/attach", null, cancellationToken).ConfigureAwait(false);
            }

            var output = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new MultiplexedStreamReader(output, response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task StartContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"containers/{Segment(containerId)}/start", null, cancellationToken).ConfigureAwait(false);

        // 304: it runs already, which is what was asked.
        if (response.StatusCode != HttpStatusCode.NotModified)
        {
            await EnsureSuccessAsync(response, "POST /containers/{id}/start", null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<int> WaitContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"containers/{Segment(containerId)}/wait", null, cancellationToken).ConfigureAwait(false);
        var answer = await ReadJsonAsync(response, ContainerApiJsonContext.Default.ContainerWaitWire, "POST /containers/{id}/wait", cancellationToken).ConfigureAwait(false);
        return answer.Error?.Message is { Length: > 0 } error
            ? throw new DaemonException($"The daemon on {Endpoint} could not wait for container {containerId}: {error}")
            : (int)answer.StatusCode;
    }

    /// <inheritdoc />
    public async Task KillContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"containers/{Segment(containerId)}/kill", null, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "POST /containers/{id}/kill", null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken) =>
        DeleteAsync($"containers/{Segment(containerId)}?force=1&v=1", "DELETE /containers/{id}", cancellationToken);
}
