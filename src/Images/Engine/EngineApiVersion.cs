using System.Globalization;

namespace Buildpacks.Images.Engine;

/// <summary>
/// Which Engine API version to speak: the daemon's own, capped at the newest this client knows, as the docker CLI
/// negotiates. A client that asked for a newer version than the daemon's would be refused ("client version is too
/// new"); one stuck on an old version would be refused by daemons that dropped it (Docker 29 accepts 1.44 and up).
/// </summary>
public static class EngineApiVersion
{
    /// <summary>
    /// The newest version this client asks for. Every field and endpoint it uses is unchanged up to here; Docker 20.10
    /// and Podman 4.3 speak 1.41, so they get 1.41.
    /// </summary>
    public static Version Maximum { get; } = new(1, 47);

    /// <summary>
    /// The oldest version this client can work with: <c>quiet</c> loads and <c>images/get?names=</c> behave as the
    /// store expects from 1.24 (Docker 1.12) on.
    /// </summary>
    public static Version Minimum { get; } = new(1, 24);

    /// <summary>The version to use with a daemon that speaks <paramref name="server"/>: the lower of it and <paramref name="maximum"/>.</summary>
    public static Version Negotiate(Version server, Version maximum)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(maximum);
        return server < maximum ? server : maximum;
    }

    /// <summary>Reads an API version as the daemon writes it (<c>1.41</c>); null when it is not one.</summary>
    public static Version? TryParse(string? text)
    {
        var parts = text?.Trim().Split('.');
        return parts is { Length: 2 }
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
                ? new Version(major, minor)
                : null;
    }

    /// <summary>Writes a version as a path segment wants it: <c>1.41</c>.</summary>
    public static string Format(Version version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return string.Create(CultureInfo.InvariantCulture, $"{version.Major}.{version.Minor}");
    }
}
