using System.Text;

namespace Buildpacks.Platform.Docker.Tests.Support.Contract;

/// <summary>
/// What the contract double saw of one phase (its <c>[contract] phase=… key=value …</c> line): argv, the names of the
/// CNB_/DOCKER_ variables, the credential keys, the user, the socket, the mounts, the network, and whether the phase ran
/// in the builder or in the lifecycle image.
/// </summary>
public sealed class ContractRecord
{
    private const string Prefix = "[contract] phase=";

    private readonly Dictionary<string, string> _fields;

    private ContractRecord(Dictionary<string, string> fields)
    {
        _fields = fields;
        Arguments = Encoding.UTF8.GetString(Convert.FromBase64String(fields["argv"])).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The phase.</summary>
    public string Phase => _fields["phase"];

    /// <summary>CNB_PLATFORM_API.</summary>
    public string Api => _fields["api"];

    /// <summary>The uid it ran as.</summary>
    public int Uid => int.Parse(_fields["uid"], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary><c>builder</c> or <c>lifecycle-image</c>.</summary>
    public string Image => _fields["image"];

    /// <summary>Its argv after the program name.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The names of its CNB_*, DOCKER_* and SOURCE_DATE_EPOCH variables.</summary>
    public IReadOnlyList<string> Environment => List("env");

    /// <summary>The registries CNB_REGISTRY_AUTH has credentials for.</summary>
    public IReadOnlyList<string> CredentialKeys => List("auth");

    /// <summary>The daemon socket it saw at /var/run/docker.sock, or null.</summary>
    public string? Socket => _fields["socket"] == "-" ? null : _fields["socket"];

    /// <summary>DOCKER_HOST, or null.</summary>
    public string? DockerHost => _fields["docker-host"] == "-" ? null : _fields["docker-host"];

    /// <summary>The mount points of interest (/workspace, /layers, /cache, /launch-cache, /platform…, the socket).</summary>
    public IReadOnlyList<string> Mounts => List("mounts");

    /// <summary>The network interfaces it saw.</summary>
    public IReadOnlyList<string> Network => List("net");

    /// <summary>Whether it had a run.toml.</summary>
    public bool HasRunToml => _fields["run-toml"] == "present";

    /// <summary>The values of <c>-<paramref name="flag"/></c> in its argv.</summary>
    public IReadOnlyList<string> Values(string flag) =>
        Arguments.Select((a, i) => (a, i)).Where(x => x.a == "-" + flag && x.i + 1 < Arguments.Count).Select(x => Arguments[x.i + 1]).ToList();

    /// <summary>Whether its argv holds <c>-<paramref name="flag"/></c>.</summary>
    public bool Has(string flag) => Arguments.Contains("-" + flag);

    /// <summary>The records among a build's phase output, in order.</summary>
    public static IReadOnlyList<ContractRecord> From(RecordingBuildLog log) =>
        log.PhaseLines.Select(p => p.Line).Where(l => l.StartsWith(Prefix, StringComparison.Ordinal)).Select(Parse).ToList();

    /// <summary>Every line in which the double refused a phase.</summary>
    public static IReadOnlyList<string> Refusals(RecordingBuildLog log) =>
        log.PhaseLines.Select(p => p.Line).Where(l => l.StartsWith("[contract] REFUSED", StringComparison.Ordinal)).ToList();

    private IReadOnlyList<string> List(string key) => _fields[key] == "-" ? [] : _fields[key].Split(',');

    private static ContractRecord Parse(string line) =>
        new(line["[contract] ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(field => field.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "", StringComparer.Ordinal));
}
