using System.Net;

namespace Buildpacks.Images.Registry;

/// <summary>
/// The proxy the environment names for a registry request, chosen as Go's http.ProxyFromEnvironment chooses it
/// (golang.org/x/net/http/httpproxy), which the docker CLI, pack and the reference lifecycle all use, so that one
/// <c>NO_PROXY</c> means the same to every tool on the machine: <c>HTTPS_PROXY</c> for https and <c>HTTP_PROXY</c> for http
/// (upper case first); never a proxy for localhost or a loopback address; <c>NO_PROXY</c> entries are <c>*</c> (no
/// proxy at all), an IP address, a CIDR range (<c>10.0.0.0/8</c>), or a domain that also covers its subdomains
/// (<c>corp.example</c> and <c>.corp.example</c>), each optionally with a port. .NET's own reading of these variables
/// knows no CIDR range and matches a bare domain exactly.
/// </summary>
public sealed class EnvironmentProxy : IWebProxy
{
    private readonly Uri? _httpProxy;
    private readonly Uri? _httpsProxy;
    private readonly IReadOnlyList<string> _noProxy;

    /// <summary>Reads the variables through <paramref name="lookup"/> (null for one not set).</summary>
    public EnvironmentProxy(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var http = ParseProxy(Either(lookup, "HTTP_PROXY"));
        var https = ParseProxy(Either(lookup, "HTTPS_PROXY"));

        // A proxy's user and password (http://user:pass@proxy:3128) are its credentials, not part of where it is.
        Credentials = CredentialsOf(https) ?? CredentialsOf(http);
        _httpProxy = WithoutUserInfo(http);
        _httpsProxy = WithoutUserInfo(https);
        _noProxy = (Either(lookup, "NO_PROXY") ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.ToLowerInvariant())
            .ToList();
    }

    /// <summary>Whether any proxy is set (else requests go direct and this need not be used).</summary>
    public bool IsConfigured => _httpProxy is not null || _httpsProxy is not null;

    /// <inheritdoc />
    public ICredentials? Credentials { get; set; }

    /// <inheritdoc />
    public Uri? GetProxy(Uri destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var proxy = destination.Scheme == Uri.UriSchemeHttps ? _httpsProxy : _httpProxy;
        return proxy is null || IsBypassed(destination) ? null : proxy;
    }

    /// <inheritdoc />
    public bool IsBypassed(Uri host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.IdnHost.Trim('[', ']').ToLowerInvariant();
        var port = host.Port;
        var literal = IPAddress.TryParse(name, out var parsed) ? parsed : null;
        if (name == "localhost" || (literal is not null && IPAddress.IsLoopback(literal)))
        {
            return true;
        }

        foreach (var entry in _noProxy)
        {
            if (entry == "*")
            {
                return true;
            }

            if (Covers(entry, name, literal, port))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Covers(string entry, string name, IPAddress? address, int port)
    {
        if (entry.Contains('/', StringComparison.Ordinal))
        {
            return address is not null && IPNetwork.TryParse(entry, out var network) && network.Contains(address);
        }

        var (entryHost, entryPort) = SplitPort(entry);
        if (entryPort is { } wanted && wanted != port)
        {
            return false;
        }

        if (IPAddress.TryParse(entryHost.Trim('[', ']'), out var entryAddress))
        {
            return address is not null && entryAddress.Equals(address);
        }

        // "corp.example" covers the domain and its hosts; ".corp.example" and "*.corp.example" only its hosts.
        var hostsOnly = entryHost.StartsWith('.') || entryHost.StartsWith("*.", StringComparison.Ordinal);
        var domain = entryHost.TrimStart('*').TrimStart('.');
        return domain.Length > 0 && (name.EndsWith("." + domain, StringComparison.Ordinal) || (!hostsOnly && name == domain));
    }

    // "host:port", "[v6]:port", or no port (a bare IPv6 address has colons but no port).
    private static (string Host, int? Port) SplitPort(string entry)
    {
        if (entry.StartsWith('['))
        {
            var close = entry.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return (entry, null);
            }

            var rest = entry[(close + 1)..];
            return (entry[1..close], rest.StartsWith(':') && int.TryParse(rest[1..], out var bracketedPort) ? bracketedPort : null);
        }

        var colon = entry.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon == entry.LastIndexOf(':') && int.TryParse(entry[(colon + 1)..], out var port)
            ? (entry[..colon], port)
            : (entry, null);
    }

    private static NetworkCredential? CredentialsOf(Uri? proxy)
    {
        if (proxy is null || string.IsNullOrEmpty(proxy.UserInfo))
        {
            return null;
        }

        var colon = proxy.UserInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? new NetworkCredential(Uri.UnescapeDataString(proxy.UserInfo), string.Empty)
            : new NetworkCredential(Uri.UnescapeDataString(proxy.UserInfo[..colon]), Uri.UnescapeDataString(proxy.UserInfo[(colon + 1)..]));
    }

    private static Uri? WithoutUserInfo(Uri? proxy) =>
        proxy is null || string.IsNullOrEmpty(proxy.UserInfo) ? proxy : new UriBuilder(proxy) { UserName = string.Empty, Password = string.Empty }.Uri;

    private static string? Either(Func<string, string?> lookup, string name) =>
        lookup(name) is { Length: > 0 } upper ? upper : lookup(name.ToLowerInvariant()) is { Length: > 0 } lower ? lower : null;

    // Go takes a proxy without a scheme as http://.
    private static Uri? ParseProxy(string? value) =>
        value is null ? null
        : Uri.TryCreate(value.Contains("://", StringComparison.Ordinal) ? value : "http://" + value, UriKind.Absolute, out var uri) ? uri
        : null;
}
