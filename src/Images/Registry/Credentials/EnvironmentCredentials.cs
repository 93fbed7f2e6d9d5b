using System.Text;

namespace Buildpacks.Images.Registry.Credentials;

/// <summary>
/// Credentials in environment variables, for CI where no <c>docker login</c> ran (as the .NET SDK reads
/// <c>DOCKER_CONTAINER_REGISTRY_UNAME</c>/<c>PWORD</c>): per registry <c>BUILDPACK_REGISTRY_&lt;HOST&gt;_USERNAME</c> and
/// <c>…_PASSWORD</c>, the host upper-cased with every other character than a letter or digit as '_'
/// (<c>ghcr.io</c> → <c>GHCR_IO</c>, <c>localhost:5000</c> → <c>LOCALHOST_5000</c>, Docker Hub <c>DOCKER_IO</c>); and
/// <c>BUILDPACK_REGISTRY_USERNAME</c>/<c>_PASSWORD</c> for the one registry the image is published to, never sent to
/// another (a builder pulled from Docker Hub goes anonymously). A pair with one half missing is an error.
/// </summary>
public sealed class EnvironmentCredentials : IRegistryCredentialSource
{
    /// <summary>The variables' common prefix.</summary>
    public const string Prefix = "BUILDPACK_REGISTRY_";

    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string? _outputRegistry;

    /// <summary>Reads <paramref name="environment"/>; the unnamed pair applies to <paramref name="outputRegistry"/> only (none when null).</summary>
    public EnvironmentCredentials(IReadOnlyDictionary<string, string> environment, string? outputRegistry)
    {
        _environment = environment;
        _outputRegistry = outputRegistry is null ? null : RegistryKeys.Normalize(outputRegistry);
    }

    /// <inheritdoc />
    public string Description => $"the environment ({Prefix}<HOST>_USERNAME/_PASSWORD{(_outputRegistry is null ? "" : $", {Prefix}USERNAME/_PASSWORD for {_outputRegistry}")})";

    /// <summary>The variable name part for <paramref name="registry"/>, e.g. <c>GHCR_IO</c>.</summary>
    public static string VariableKey(string registry)
    {
        var host = RegistryKeys.Normalize(registry);
        var key = new StringBuilder(host.Length);
        foreach (var c in host)
        {
            key.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        }

        return key.ToString();
    }

    /// <inheritdoc />
    public Task<RegistryCredential?> GetAsync(string registry, IImageLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        var named = Pair($"{Prefix}{VariableKey(registry)}_");
        if (named is null && _outputRegistry is not null && RegistryKeys.Normalize(registry) == _outputRegistry)
        {
            named = Pair(Prefix);
        }

        if (named is { } found)
        {
            log.Write(ImageLogLevel.Debug, $"Using credentials for {registry} from {found.Variable}");
        }

        return Task.FromResult(named?.Credential);
    }

    private (string Variable, RegistryCredential Credential)? Pair(string prefix)
    {
        var user = Value(prefix + "USERNAME");
        var password = Value(prefix + "PASSWORD");
        return (user, password) switch
        {
            (null, null) => null,
            ({ } u, { } p) => (prefix + "USERNAME", RegistryCredential.FromPassword(u, p)),
            _ => throw new ImageException($"Only one of {prefix}USERNAME and {prefix}PASSWORD is set; set both (a token goes in {prefix}PASSWORD) or neither."),
        };
    }

    private string? Value(string name) => _environment.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
