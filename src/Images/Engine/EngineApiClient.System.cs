namespace Buildpacks.Images.Engine;

// The daemon itself: whether it answers, and what it is.
public sealed partial class EngineApiClient
{
    /// <inheritdoc />
    public async Task PingAsync(CancellationToken cancellationToken) =>
        await PingForVersionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<DaemonVersion> GetVersionAsync(CancellationToken cancellationToken)
    {
        var version = await NegotiateApiVersionAsync(cancellationToken).ConfigureAwait(false);
        var wire = await ReadVersionAsync(version, cancellationToken).ConfigureAwait(false);
        return new DaemonVersion
        {
            Version = wire.Version ?? string.Empty,
            ApiVersion = wire.ApiVersion ?? string.Empty,
            MinApiVersion = wire.MinApiVersion,
            Os = wire.Os,
            Architecture = wire.Arch,
        };
    }

    /// <inheritdoc />
    public async Task<DaemonInfo> GetInfoAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "info", null, cancellationToken).ConfigureAwait(false);
        var wire = await ReadJsonAsync(response, ContainerApiJsonContext.Default.InfoWire, "GET /info", cancellationToken).ConfigureAwait(false);
        return new DaemonInfo
        {
            Name = wire.Name,
            OperatingSystem = wire.OperatingSystem,

            // Docker 24 and later on the containerd image store say ["driver-type", "io.containerd.snapshotter.v1"].
            UsesContainerdImageStore = wire.DriverStatus?.Any(s => s is ["driver-type", var type] && type.StartsWith("io.containerd.snapshotter", StringComparison.Ordinal)) == true,
        };
    }

    // The ping is unversioned (every daemon answers it) and says the daemon's API version in a header, which the
    // negotiation then needs not ask for again.
    private async Task<Version?> PingForVersionAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "_ping");
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "GET /_ping", null, cancellationToken).ConfigureAwait(false);
        var version = response.Headers.TryGetValues("API-Version", out var values) ? EngineApiVersion.TryParse(values.FirstOrDefault()) : null;
        _serverApiVersion ??= version;
        return version;
    }

    private async Task<VersionWire> ReadVersionAsync(Version? version, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, version is null ? "version" : $"v{EngineApiVersion.Format(version)}/version");
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, EngineApiJsonContext.Default.VersionWire, "GET /version", cancellationToken).ConfigureAwait(false);
    }
}
