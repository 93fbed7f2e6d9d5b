using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Buildpacks.Images.Registry.Credentials;
using Buildpacks.Images.Registry.Json;

namespace Buildpacks.Images.Registry;

/// <summary>
/// Gets access tokens from the realm of a Bearer challenge: the Docker token flow (GET with HTTP Basic, or with no
/// credentials for an anonymous token) and the OAuth2 flow (POST form, <c>refresh_token</c> grant for identity
/// tokens, <c>password</c> grant when the realm does not serve GET).
/// </summary>
internal sealed class TokenServiceClient
{
    private const string ClientId = "buildpacks-msbuild";
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http;
    private readonly RegistryStatistics _statistics;
    private readonly SecretRedactor _log;
    private readonly string _registry;
    private readonly TimeSpan _timeout;

    public TokenServiceClient(HttpClient http, RegistryStatistics statistics, SecretRedactor log, string registry, TimeSpan timeout)
    {
        _http = http;
        _statistics = statistics;
        _log = log;
        _registry = registry;
        _timeout = timeout;
    }

    /// <summary>A refresh token the service gave us in an earlier OAuth2 answer; preferred over the password.</summary>
    public string? RefreshToken { get; private set; }

    public async Task<BearerToken> GetTokenAsync(
        AuthenticationChallenge challenge,
        IReadOnlyList<RegistryScope> scopes,
        RegistryCredential? credential,
        string? repository,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(challenge.Realm) || !Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm))
        {
            throw new RegistryAuthenticationException(_registry, repository, $"The registry {_registry} asked for a Bearer token without a valid realm ('{challenge.Realm}'); it is misconfigured.");
        }

        var identityToken = RefreshToken ?? credential?.IdentityToken;
        if (identityToken is not null)
        {
            return await PostAsync(realm, challenge, scopes, [new("grant_type", "refresh_token"), new("refresh_token", identityToken)], repository, cancellationToken).ConfigureAwait(false);
        }

        using (var response = await GetAsync(realm, challenge, scopes, credential, cancellationToken).ConfigureAwait(false))
        {
            // A realm that only speaks OAuth2 answers GET with 404 or 405: fall back to the password grant.
            if (credential is { HasPassword: true } && response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
            {
                _log.Write(ImageLogLevel.Debug, $"Token service {SecretRedactor.Url(realm)} does not serve GET; using the OAuth2 password grant");
            }
            else
            {
                return await ReadAsync(response, realm, credential is not null, repository, cancellationToken).ConfigureAwait(false);
            }
        }

        return await PostAsync(
            realm,
            challenge,
            scopes,
            [new("grant_type", "password"), new("username", credential!.Username!), new("password", credential.Password!)],
            repository,
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> GetAsync(Uri realm, AuthenticationChallenge challenge, IReadOnlyList<RegistryScope> scopes, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        var query = new StringBuilder(realm.Query.Length > 1 ? realm.Query[1..] + "&" : string.Empty);
        if (challenge.Service is { } service)
        {
            query.Append("service=").Append(Uri.EscapeDataString(service)).Append('&');
        }

        foreach (var scope in scopes)
        {
            query.Append("scope=").Append(Uri.EscapeDataString(scope.ToString())).Append('&');
        }

        if (credential is { HasPassword: true })
        {
            query.Append("account=").Append(Uri.EscapeDataString(credential.Username!)).Append('&');
        }

        var uri = new UriBuilder(realm) { Query = query.ToString().TrimEnd('&') }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (credential is { HasPassword: true })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));
        }

        _log.Write(ImageLogLevel.Debug, $"Token request GET {SecretRedactor.Url(uri)} ({(credential is { HasPassword: true } ? "as " + credential.Username : "anonymous")})");
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<BearerToken> PostAsync(Uri realm, AuthenticationChallenge challenge, IReadOnlyList<RegistryScope> scopes, List<KeyValuePair<string, string>> grant, string? repository, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>(grant)
        {
            new("client_id", ClientId),
            new("access_type", "offline"),
            new("scope", string.Join(' ', scopes.Select(s => s.ToString()))),
        };
        if (challenge.Service is { } service)
        {
            form.Add(new("service", service));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
        _log.Write(ImageLogLevel.Debug, $"Token request POST {SecretRedactor.Url(realm)} ({grant[0].Value} grant)");
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, realm, true, repository, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _statistics.CountTokenRequest();
        _statistics.CountRequest(request.Method);

        // The registry's own requests have a timeout; a token service that stalls must not hang the publish either.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The token service {request.RequestUri!.GetLeftPart(UriPartial.Path)} gave no answer within {_timeout.TotalSeconds:0} s");
        }
    }

    private async Task<BearerToken> ReadAsync(HttpResponseMessage response, Uri realm, bool hadCredentials, string? repository, CancellationToken cancellationToken)
    {
        if (TransientRegistryException.IsTransient(response.StatusCode))
        {
            throw new TransientRegistryException(response.StatusCode, TransientRegistryException.RetryAfterOf(response), $"the token service {realm.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new RegistryAuthenticationException(
                _registry,
                repository,
                hadCredentials
                    ? $"The token service of {_registry} ({realm.GetLeftPart(UriPartial.Path)}) rejected the credentials for {RegistryException.Name(_registry, repository)} ({(int)response.StatusCode}). {RegistryAuthenticationException.Advice(_registry)}"
                    : $"The token service of {_registry} ({realm.GetLeftPart(UriPartial.Path)}) refused anonymous access to {RegistryException.Name(_registry, repository)} ({(int)response.StatusCode}) and no credentials were found. {RegistryAuthenticationException.Advice(_registry)}");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new RegistryRequestException(_registry, repository, response.StatusCode, $"The token service of {_registry} ({realm.GetLeftPart(UriPartial.Path)}) answered {(int)response.StatusCode} {response.ReasonPhrase}. Check the registry's authentication setup.");
        }

        TokenResponse? body;
        try
        {
            var json = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            body = JsonSerializer.Deserialize(json, RegistryJsonContext.Default.TokenResponse);
        }
        catch (JsonException)
        {
            body = null;
        }

        var value = body?.Token ?? body?.AccessToken;
        if (string.IsNullOrEmpty(value))
        {
            throw new RegistryRequestException(_registry, repository, response.StatusCode, $"The token service of {_registry} ({realm.GetLeftPart(UriPartial.Path)}) answered without a token. Check the registry's authentication setup.");
        }

        _log.Add(value);
        if (!string.IsNullOrEmpty(body!.RefreshToken))
        {
            _log.Add(body.RefreshToken);
            RefreshToken = body.RefreshToken;
        }

        var lifetime = body.ExpiresIn is > 0 ? TimeSpan.FromSeconds(body.ExpiresIn.Value) : DefaultLifetime;
        var now = DateTimeOffset.UtcNow;
        var issued = DateTimeOffset.TryParse(body.IssuedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : now;

        // Trust issued_at only within the token's life: a skewed server clock must not make every token look expired
        // (or immortal).
        if (issued > now || issued < now - lifetime)
        {
            issued = now;
        }

        return new BearerToken(value, issued + lifetime, lifetime);
    }
}
