using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Buildpacks.TestInfrastructure.Registry;

/// <summary>One request the token service answered.</summary>
/// <param name="Method">GET (Docker token flow) or POST (OAuth2).</param>
/// <param name="User">Who authenticated, or null when anonymous.</param>
/// <param name="GrantType">The OAuth2 grant of a POST.</param>
/// <param name="Scopes">The scopes asked for.</param>
/// <param name="Status">The HTTP status answered.</param>
public sealed record TokenRequest(string Method, string? User, string? GrantType, IReadOnlyList<string> Scopes, int Status);

/// <summary>
/// A Docker token service for tests, on 127.0.0.1: checks Basic credentials (GET) or OAuth2 grants (POST) and issues
/// ES256 JWTs that distribution accepts. distribution 2.8 verifies a token through its <c>x5c</c> header: the
/// signing certificate must chain to the registry's <c>rootcertbundle</c>; here the certificate is self-signed and is
/// itself the bundle. Everything it issues is recorded so tests can assert that no token leaks into logs.
/// </summary>
public sealed class TokenService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ECDsa _key;
    private readonly string _certificate;
    private readonly TempDirectory _directory;
    private readonly ConcurrentQueue<TokenRequest> _requests = new();
    private readonly ConcurrentQueue<string> _issued = new();
    private readonly ConcurrentDictionary<string, string> _refreshTokens = new();

    private TokenService(WebApplication app, ECDsa key, string certificate, TempDirectory directory, TokenServiceOptions options)
    {
        _app = app;
        _key = key;
        _certificate = certificate;
        _directory = directory;
        Options = options;
    }

    /// <summary>What the service allows.</summary>
    public TokenServiceOptions Options { get; }

    /// <summary>The token endpoint (the registry's realm).</summary>
    public string Realm { get; private set; } = string.Empty;

    /// <summary>The service name the registry expects as audience.</summary>
    public string Service => "buildpacks-test-registry";

    /// <summary>The issuer the registry trusts.</summary>
    public string Issuer => "buildpacks-test-token-service";

    /// <summary>The PEM file with the signing certificate, for the registry's <c>rootcertbundle</c>.</summary>
    public string CertificateBundlePath => _directory.Combine("root.pem");

    /// <summary>Every request answered, in order.</summary>
    public IReadOnlyList<TokenRequest> Requests => _requests.ToList();

    /// <summary>Every access and refresh token issued.</summary>
    public IReadOnlyList<string> IssuedTokens => _issued.ToList();

    /// <summary>Starts the service on a free 127.0.0.1 port.</summary>
    public static async Task<TokenService> StartAsync(TokenServiceOptions? options = null)
    {
        options ??= new TokenServiceOptions();
        var directory = new TempDirectory("bp-tokens");
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=buildpacks-test-token-service", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        directory.WriteFile("root.pem", certificate.ExportCertificatePem());

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var service = new TokenService(app, key, Convert.ToBase64String(certificate.RawData), directory, options);
        app.MapGet("/token", service.HandleGetAsync);
        app.MapPost("/token", service.HandlePostAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        service.Realm = address.TrimEnd('/') + "/token";
        return service;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _key.Dispose();
        _directory.Dispose();
    }

    private async Task HandleGetAsync(HttpContext context)
    {
        var scopes = context.Request.Query["scope"].SelectMany(s => (s ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        string? user = null;
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            var (name, password) = (decoded[..colon], decoded[(colon + 1)..]);
            if (!Options.Users.TryGetValue(name, out var expected) || expected != password)
            {
                await RespondAsync(context, new TokenRequest("GET", name, null, scopes, 401), null).ConfigureAwait(false);
                return;
            }

            user = name;
        }

        if ((user is null && !Options.AllowAnonymous) || scopes.Any(RefusesScope))
        {
            await RespondAsync(context, new TokenRequest("GET", user, null, scopes, 401), null).ConfigureAwait(false);
            return;
        }

        await RespondAsync(context, new TokenRequest("GET", user, null, scopes, 200), Issue(user, scopes, null)).ConfigureAwait(false);
    }

    private async Task HandlePostAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync().ConfigureAwait(false);
        var grant = form["grant_type"].ToString();
        var scopes = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        string? user = null;
        if (grant == "password" && Options.Users.TryGetValue(form["username"].ToString(), out var expected) && expected == form["password"].ToString())
        {
            user = form["username"].ToString();
        }
        else if (grant == "refresh_token" && _refreshTokens.TryGetValue(form["refresh_token"].ToString(), out var owner))
        {
            user = owner;
        }
        else if (grant == "refresh_token" && Options.IdentityTokens.TryGetValue(form["refresh_token"].ToString(), out var identityOwner))
        {
            user = identityOwner;
        }

        if (user is null)
        {
            await RespondAsync(context, new TokenRequest("POST", null, grant, scopes, 401), null).ConfigureAwait(false);
            return;
        }

        string? refresh = null;
        if (form["access_type"].ToString() == "offline")
        {
            refresh = "refresh-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            _refreshTokens[refresh] = user;
            _issued.Enqueue(refresh);
        }

        await RespondAsync(context, new TokenRequest("POST", user, grant, scopes, 200), Issue(user, scopes, refresh)).ConfigureAwait(false);
    }

    private async Task RespondAsync(HttpContext context, TokenRequest record, Dictionary<string, object>? body)
    {
        _requests.Enqueue(record);
        context.Response.StatusCode = record.Status;
        if (body is null)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"buildpacks-test-token-service\"";
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body)).ConfigureAwait(false);
    }

    // As Docker Hub refuses a whole token request that names a repository it will not grant.
    private bool RefusesScope(string scope) => Options.RefusedRepositories.Any(r => scope.StartsWith($"repository:{r}:", StringComparison.Ordinal));

    private Dictionary<string, object> Issue(string? user, IReadOnlyList<string> scopes, string? refreshToken)
    {
        var now = DateTimeOffset.UtcNow;
        var access = scopes.Select(s => Grant(user, s)).Where(a => a is not null).ToList();
        var header = new Dictionary<string, object> { ["typ"] = "JWT", ["alg"] = "ES256", ["x5c"] = new[] { _certificate } };
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = user ?? string.Empty,
            ["aud"] = Service,
            ["exp"] = (now + Options.TokenLifetime).ToUnixTimeSeconds(),
            ["nbf"] = now.AddSeconds(-5).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));

        // ES256 in JOSE form: r||s, which is .NET's default (IEEE P1363) signature format.
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        var token = signingInput + "." + Base64Url(signature);
        _issued.Enqueue(token);
        var body = new Dictionary<string, object>
        {
            ["token"] = token,
            ["access_token"] = token,
            ["expires_in"] = (int)Options.TokenLifetime.TotalSeconds,
            ["issued_at"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (refreshToken is not null)
        {
            body["refresh_token"] = refreshToken;
        }

        return body;
    }

    // A user gets every action asked for, unless read-only; anonymous callers get pull when allowed.
    private Dictionary<string, object>? Grant(string? user, string scope)
    {
        var first = scope.IndexOf(':', StringComparison.Ordinal);
        var last = scope.LastIndexOf(':');
        if (first <= 0 || last <= first)
        {
            return null;
        }

        var actions = scope[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Where(a => user is not null ? !Options.ReadOnlyUsers.Contains(user) || a == "pull" : a == "pull")
            .ToArray();
        return new Dictionary<string, object> { ["type"] = scope[..first], ["name"] = scope[(first + 1)..last], ["actions"] = actions };
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>What a <see cref="TokenService"/> allows.</summary>
public sealed record TokenServiceOptions
{
    /// <summary>Users and passwords.</summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>();

    /// <summary>Users granted pull only.</summary>
    public IReadOnlySet<string> ReadOnlyUsers { get; init; } = new HashSet<string>();

    /// <summary>Identity (refresh) tokens accepted by the OAuth2 refresh_token grant, with their user.</summary>
    public IReadOnlyDictionary<string, string> IdentityTokens { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether callers without credentials get (pull-only) tokens.</summary>
    public bool AllowAnonymous { get; init; } = true;

    /// <summary>How long tokens live.</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Repositories whose scope fails the whole token request (401), as Docker Hub answers for one it will not grant.</summary>
    public IReadOnlySet<string> RefusedRepositories { get; init; } = new HashSet<string>();
}
