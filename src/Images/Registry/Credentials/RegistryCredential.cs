namespace Buildpacks.Images.Registry.Credentials;

/// <summary>
/// What we present to a registry: a user name and password, or an identity token (an OAuth2 refresh token that
/// `docker login` stores for registries such as ACR). Never printed: <see cref="ToString"/> hides the secrets.
/// </summary>
public sealed class RegistryCredential
{
    /// <summary>A user name and password (or a personal access token used as a password).</summary>
    public static RegistryCredential FromPassword(string username, string password) => new(username, password, null);

    /// <summary>An identity (refresh) token, exchanged at the token service for access tokens.</summary>
    public static RegistryCredential FromIdentityToken(string identityToken, string? username = null) => new(username, null, identityToken);

    /// <summary>
    /// A registry token sent as it is in <c>Authorization: Bearer</c>, never exchanged at a token service: what a CNB
    /// platform hands the lifecycle as a <c>Bearer</c> header in <c>CNB_REGISTRY_AUTH</c> (Platform API, "Registry
    /// Authentication"), and docker config's <c>registrytoken</c>.
    /// </summary>
    public static RegistryCredential FromRegistryToken(string registryToken) => new(null, null, null) { RegistryToken = registryToken };

    private RegistryCredential(string? username, string? password, string? identityToken)
    {
        Username = username;
        Password = password;
        IdentityToken = identityToken;
    }

    /// <summary>The registry token, if any (see <see cref="FromRegistryToken"/>).</summary>
    public string? RegistryToken { get; private init; }

    /// <summary>The user name, if any.</summary>
    public string? Username { get; }

    /// <summary>The password, if any.</summary>
    public string? Password { get; }

    /// <summary>The identity token, if any.</summary>
    public string? IdentityToken { get; }

    /// <summary>Whether a user name and password can be sent as HTTP Basic.</summary>
    public bool HasPassword => !string.IsNullOrEmpty(Username) && Password is not null;

    /// <summary>The secret values, for redaction from logs.</summary>
    internal IEnumerable<string> Secrets()
    {
        if (!string.IsNullOrEmpty(Password))
        {
            yield return Password;
        }

        if (!string.IsNullOrEmpty(IdentityToken))
        {
            yield return IdentityToken;
        }

        if (!string.IsNullOrEmpty(RegistryToken))
        {
            yield return RegistryToken;
        }

        if (HasPassword)
        {
            yield return Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Username}:{Password}"));
        }
    }

    /// <inheritdoc />
    public override string ToString() => RegistryToken is not null ? "registry token" : IdentityToken is not null ? $"identity token for {Username ?? "(no user)"}" : $"password for {Username}";
}
