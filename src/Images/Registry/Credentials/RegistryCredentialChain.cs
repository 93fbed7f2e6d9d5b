using System.Collections;

namespace Buildpacks.Images.Registry.Credentials;

/// <summary>
/// The credential sources asked in order, the first that has credentials for a registry winning: the environment
/// (<see cref="EnvironmentCredentials"/>), then Podman's and Skopeo's auth file when <c>REGISTRY_AUTH_FILE</c> names
/// one, then Docker's <c>config.json</c> (<c>$DOCKER_CONFIG</c>, else <c>~/.docker</c>; credHelpers, auths, credsStore),
/// then the containers auth files Podman writes by default (<c>$XDG_RUNTIME_DIR/containers/auth.json</c>, then
/// <c>~/.config/containers/auth.json</c>; containers-auth.json(5)). Explicit settings first, defaults after.
/// </summary>
public sealed class RegistryCredentialChain : IRegistryCredentialSource
{
    /// <summary>The variable that names Podman's auth file (containers-auth.json(5)).</summary>
    public const string AuthFileVariable = "REGISTRY_AUTH_FILE";

    /// <summary>Chains <paramref name="sources"/>, asked in order.</summary>
    public RegistryCredentialChain(IReadOnlyList<IRegistryCredentialSource> sources) => Sources = sources;

    /// <summary>The sources, in the order they are asked.</summary>
    public IReadOnlyList<IRegistryCredentialSource> Sources { get; }

    /// <inheritdoc />
    public string Description => string.Join(", ", Sources.Select(s => s.Description));

    /// <summary>
    /// The sources this process's environment and home directory give; the unnamed environment pair applies to
    /// <paramref name="outputRegistry"/> (the registry the image is published to), if any.
    /// </summary>
    public static RegistryCredentialChain FromEnvironment(string? outputRegistry = null) =>
        For(Environment.GetEnvironmentVariables().Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal),
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            outputRegistry);

    /// <summary>The sources <paramref name="environment"/> and <paramref name="home"/> give (see the type's summary).</summary>
    public static RegistryCredentialChain For(IReadOnlyDictionary<string, string> environment, string home, string? outputRegistry)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Value(string name) => environment.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

        var sources = new List<IRegistryCredentialSource> { new EnvironmentCredentials(environment, outputRegistry) };
        if (Value(AuthFileVariable) is { } authFile)
        {
            sources.Add(new DockerConfigCredentials(authFile));
        }

        sources.Add(new DockerConfigCredentials(Path.Combine(Value("DOCKER_CONFIG") ?? Path.Combine(home, ".docker"), "config.json")));
        if (Value("XDG_RUNTIME_DIR") is { } runtime)
        {
            sources.Add(new DockerConfigCredentials(Path.Combine(runtime, "containers", "auth.json")));
        }

        sources.Add(new DockerConfigCredentials(Path.Combine(Value("XDG_CONFIG_HOME") ?? Path.Combine(home, ".config"), "containers", "auth.json")));
        return new RegistryCredentialChain(sources);
    }

    /// <inheritdoc />
    public async Task<RegistryCredential?> GetAsync(string registry, IImageLog log, CancellationToken cancellationToken)
    {
        foreach (var source in Sources)
        {
            if (await source.GetAsync(registry, log, cancellationToken).ConfigureAwait(false) is { } credential)
            {
                return credential;
            }
        }

        return null;
    }
}
