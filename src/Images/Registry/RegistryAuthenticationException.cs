namespace Buildpacks.Images.Registry;

/// <summary>
/// The registry (or its token service) refused us: no credentials where some are needed, wrong credentials, or
/// credentials without the needed access. The message says which and where credentials are looked up.
/// </summary>
public sealed class RegistryAuthenticationException : RegistryException
{
    /// <summary>Creates the exception.</summary>
    public RegistryAuthenticationException(string registry, string? repository, string message, Exception? innerException = null)
        : base(registry, repository, message, innerException)
    {
    }

    /// <summary>The usual advice appended to authentication errors.</summary>
    internal static string Advice(string registry) =>
        $"Log in with 'docker login {registry}' (credentials are read from $DOCKER_CONFIG/config.json or ~/.docker/config.json, " +
        "including credHelpers and credsStore), or pass credentials for this registry explicitly, and check that the account may pull (and push) this repository.";
}
