namespace Buildpacks.Images.Registry.Credentials;

/// <summary>
/// One place registry credentials come from (a Docker config, a containers auth.json, the environment). A source that
/// has nothing for a registry answers null: the next source is asked, and with none, the registry is tried anonymously.
/// </summary>
public interface IRegistryCredentialSource
{
    /// <summary>What this source reads, for error messages (never a secret).</summary>
    string Description { get; }

    /// <summary>The credentials this source has for <paramref name="registry"/> (host[:port]), or null.</summary>
    Task<RegistryCredential?> GetAsync(string registry, IImageLog log, CancellationToken cancellationToken);
}
