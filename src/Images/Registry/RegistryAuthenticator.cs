using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Buildpacks.Images.Registry.Credentials;

namespace Buildpacks.Images.Registry;

/// <summary>
/// Puts the right Authorization on each request to one registry, driven by the registry's own challenge: nothing
/// while it has not asked; HTTP Basic when it asks for Basic; a Bearer token for exactly the scopes a request needs,
/// cached per scope set until shortly before it expires, when it asks for Bearer. Credentials are looked up once: the
/// caller's explicit ones first, then config.json; none means anonymous tokens, never an error by itself.
/// </summary>
internal sealed class RegistryAuthenticator
{
    private readonly string _registry;
    private readonly RegistrySettings _settings;
    private readonly SecretRedactor _log;
    private readonly TokenServiceClient _tokens;
    private readonly ConcurrentDictionary<string, BearerToken> _cache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private RegistryCredential? _credential;
    private bool _credentialResolved;
    private volatile AuthenticationChallenge? _challenge;

    public RegistryAuthenticator(string registry, RegistrySettings settings, SecretRedactor log, TokenServiceClient tokens)
    {
        _registry = registry;
        _settings = settings;
        _log = log;
        _tokens = tokens;
    }

    /// <summary>The challenge the registry last sent, or null while it has asked for nothing.</summary>
    public AuthenticationChallenge? Challenge => _challenge;

    /// <summary>Whether credentials were found for the registry (for error messages).</summary>
    public bool HasCredential => _credential is not null;

    /// <summary>Remembers the challenge of a 401 answer. Returns false when the answer carries none we can meet.</summary>
    public bool Observe(HttpResponseMessage unauthorized, IReadOnlyList<RegistryScope> scopes)
    {
        var challenges = unauthorized.Headers.TryGetValues("WWW-Authenticate", out var values)
            ? values.SelectMany(AuthenticationChallenge.Parse).ToList()
            : [];
        var chosen = challenges.FirstOrDefault(c => c.IsBearer) ?? challenges.FirstOrDefault(c => c.IsBasic);
        if (chosen is null)
        {
            return false;
        }

        _challenge = chosen;
        _cache.TryRemove(Key(scopes), out _);
        return true;
    }

    /// <summary>Adds the Authorization header the registry's challenge calls for, fetching a token when needed.</summary>
    public async Task ApplyAsync(HttpRequestMessage request, IReadOnlyList<RegistryScope> scopes, string? repository, CancellationToken cancellationToken)
    {
        var challenge = _challenge;
        if (challenge is null)
        {
            return;
        }

        // A registry token is the Authorization the platform chose: sent as it is, whatever the challenge.
        if (await GetCredentialAsync(cancellationToken).ConfigureAwait(false) is { RegistryToken: { } registryToken })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", registryToken);
            return;
        }

        if (challenge.IsBasic)
        {
            var credential = await GetCredentialAsync(cancellationToken).ConfigureAwait(false);
            if (credential is { HasPassword: true })
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));
            }

            return;
        }

        var token = await GetTokenAsync(challenge, scopes, repository, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
    }

    /// <summary>The credential for this registry (explicit first, then config.json), looked up once.</summary>
    public async Task<RegistryCredential?> GetCredentialAsync(CancellationToken cancellationToken)
    {
        if (_credentialResolved)
        {
            return _credential;
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_credentialResolved)
            {
                _credential = RegistryKeys.TryFind(_settings.Credentials, _registry, out _, out var explicitCredential)
                    ? explicitCredential
                    : _settings.DockerConfig is { } config
                        ? await config.GetAsync(_registry, _log, cancellationToken).ConfigureAwait(false)
                        : null;
                foreach (var secret in _credential?.Secrets() ?? [])
                {
                    _log.Add(secret);
                }

                _credentialResolved = true;
            }

            return _credential;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Where credentials were looked for, for error messages.</summary>
    public string CredentialSources() =>
        _settings.DockerConfig is { } config ? $"explicit settings and {config.Description}" : "explicit settings";

    private async Task<BearerToken> GetTokenAsync(AuthenticationChallenge challenge, IReadOnlyList<RegistryScope> scopes, string? repository, CancellationToken cancellationToken)
    {
        var key = Key(scopes);
        if (_cache.TryGetValue(key, out var cached) && cached.IsUsable(DateTimeOffset.UtcNow))
        {
            return cached;
        }

        // Parallel transfers wanting the same scopes wait for one token request instead of each making one.
        await _tokenLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cache.TryGetValue(key, out cached) && cached.IsUsable(DateTimeOffset.UtcNow))
            {
                return cached;
            }

            return await FetchTokenAsync(challenge, scopes, key, repository, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    private async Task<BearerToken> FetchTokenAsync(AuthenticationChallenge challenge, IReadOnlyList<RegistryScope> scopes, string key, string? repository, CancellationToken cancellationToken)
    {
        var credential = await GetCredentialAsync(cancellationToken).ConfigureAwait(false);

        // The registry may name scopes of its own in the challenge (e.g. when it wants more than we asked for).
        // The scopes to push first: some token services read only the first (go-containerregistry's scopesForUploadingImage).
        var wanted = RegistryScope.Merge(scopes.Concat(RegistryScope.ParseList(challenge.Scope).Where(s => scopes.Count == 0 || scopes.Any(r => r.Name == s.Name))))
            .OrderByDescending(s => s.Actions.Contains("push", StringComparer.Ordinal))
            .ToList();
        var token = await _tokens.GetTokenAsync(challenge, wanted, credential, repository, cancellationToken).ConfigureAwait(false);
        _cache[key] = token;
        _log.Write(ImageLogLevel.Debug, $"Got a token for {_registry} ({(wanted.Count == 0 ? "no scope" : string.Join(' ', wanted))}), valid {token.Lifetime.TotalSeconds:0} s");
        return token;
    }

    private static string Key(IReadOnlyList<RegistryScope> scopes) => string.Join(' ', RegistryScope.Merge(scopes));
}
