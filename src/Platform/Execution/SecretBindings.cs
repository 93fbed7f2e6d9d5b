using System.Text;
using System.Text.RegularExpressions;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution;

/// <summary>
/// The build's secrets (<see cref="BuildSecret"/>) written for one build as service bindings, in a scratch directory
/// only the invoking user may enter (<c>bp-secrets-*</c>, mode 0700), deleted on dispose whatever happened. Inside it
/// each binding is a directory of mode 0755 with its <c>type</c> file and one file per key, mode 0444: both executions
/// mount a binding's directory itself (a bind mount, or the sandbox's), which the build user (uid 1000 of a builder,
/// not the invoking user in Container execution) reads through the mount without passing the 0700 parent, while the
/// other users of this machine cannot reach it. The values stay in this process: <see cref="Redact"/> takes them out of
/// whatever the build prints.
/// </summary>
public sealed partial class SecretBindings : IDisposable
{
    private const UnixFileMode Traversable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode ReadableByAll = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    // What a secret shorter than this could be confused with (a word of the log) is not worth hiding line by line.
    private const int ShortestRedactedLine = 4;

    private readonly string? _directory;
    private readonly string[] _values;

    private SecretBindings(string? directory, IReadOnlyList<BuildBinding> bindings, string[] values)
    {
        _directory = directory;
        Bindings = bindings;
        _values = values;
    }

    /// <summary>The bindings to mount, one per binding name, read-only.</summary>
    public IReadOnlyList<BuildBinding> Bindings { get; }

    /// <summary>
    /// Checks the secrets' names before anything runs: a valid variable name, binding and key names that are file names,
    /// each (binding, key) once, and no binding of the same name among <paramref name="bindings"/>.
    /// </summary>
    /// <exception cref="CodedException">BP1090 for the first secret that is invalid.</exception>
    public static void Check(IReadOnlyList<BuildSecret> secrets, IReadOnlyList<BuildBinding> bindings)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(bindings);
        var seen = new HashSet<(string, string)>();
        foreach (var secret in secrets)
        {
            var problem =
                !VariableName().IsMatch(secret.Variable) ? "it is not an environment variable's name (letters, digits and '_', not starting with a digit)."
                : !IsFileName(secret.Binding) ? $"its Binding '{secret.Binding}' is not a binding name."
                : !IsFileName(secret.Key) || secret.Key == "type" ? $"its Key '{secret.Key}' is not a key name ('type' is the binding's type)."
                : secret.Type.Length == 0 || secret.Type.Contains('\n', StringComparison.Ordinal) ? "its Type is empty or has several lines."
                : !seen.Add((secret.Binding, secret.Key)) ? $"binding '{secret.Binding}' has key '{secret.Key}' twice."
                : secrets.Any(s => s.Binding == secret.Binding && s.Type != secret.Type) ? $"binding '{secret.Binding}' is given two types."
                : bindings.Any(b => b.PathInBuild == $"/platform/bindings/{secret.Binding}") ? $"a BuildpackBinding is mounted at /platform/bindings/{secret.Binding} too."
                : null;
            if (problem is not null)
            {
                throw CodedException.Of(Messages.InvalidSecret, secret.Variable, problem);
            }
        }
    }

    /// <summary>
    /// Reads each secret from <paramref name="environment"/> (the process's variables, by name) and writes the bindings.
    /// No secrets: nothing is written.
    /// </summary>
    /// <exception cref="CodedException">BP1090 for an invalid secret (<see cref="Check"/>), BP1091 for a variable not set.</exception>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static SecretBindings Write(IReadOnlyList<BuildSecret> secrets, IReadOnlyList<BuildBinding> bindings, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        Check(secrets, bindings);
        if (secrets.Count == 0)
        {
            return new SecretBindings(null, [], []);
        }

        var values = secrets.Select(s => environment(s.Variable) is { Length: > 0 } value ? value : throw CodedException.Of(Messages.SecretNotSet, s.Variable, s.Binding)).ToArray();
        var directory = CreateDirectory();
        try
        {
            var mounts = new List<BuildBinding>();
            foreach (var binding in secrets.Select((secret, index) => (secret, value: values[index])).GroupBy(s => s.secret.Binding, StringComparer.Ordinal))
            {
                var path = Path.Combine(directory, binding.Key);
                // Set after creation: the mode given to mkdir passes through the umask (077 would keep the build user out).
                File.SetUnixFileMode(Directory.CreateDirectory(path).FullName, Traversable);
                WriteFile(Path.Combine(path, "type"), binding.First().secret.Type);
                foreach (var (secret, value) in binding)
                {
                    WriteFile(Path.Combine(path, secret.Key), value);
                }

                mounts.Add(new BuildBinding(path, binding.Key));
            }

            return new SecretBindings(directory, mounts, [.. values.SelectMany(LinesToHide).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length)]);
        }
        catch
        {
            Local.ScratchDirectory.TryDelete(directory);
            throw;
        }
    }

    // The daemon must be able to bind the files: on macOS it runs in a VM that shares the user's home (Colima, Lima,
    // Rancher Desktop share nothing else; Docker Desktop and Podman machine share it too), not TMPDIR's /var/folders.
    // Elsewhere the temporary directory, the daemon being on this machine. Removed after the build either way.
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string CreateDirectory()
    {
        if (!OperatingSystem.IsMacOS())
        {
            return Directory.CreateTempSubdirectory("bp-secrets-").FullName;
        }

        var root = Directory.CreateDirectory(Path.Combine(Local.UserCache.DefaultRoot, "secrets")).FullName;
        File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return Directory.CreateDirectory(Path.Combine(root, "bp-secrets-" + Guid.NewGuid().ToString("N")[..12])).FullName;
    }

    /// <summary><paramref name="text"/> with every secret value (and every line of a secret of several) replaced by <c>***</c>.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var value in _values)
        {
            text = text.Replace(value, "***", StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>Whether <paramref name="text"/> holds a secret value.</summary>
    public bool Appears(string text) => _values.Any(v => text.Contains(v, StringComparison.Ordinal));

    /// <inheritdoc />
    public void Dispose()
    {
        // Only Write, which Windows does not have, makes a directory.
        if (_directory is not null && !OperatingSystem.IsWindows())
        {
            Local.ScratchDirectory.TryDelete(_directory);
        }
    }

    private static IEnumerable<string> LinesToHide(string value) =>
        [value, .. value.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length >= ShortestRedactedLine)];

    private static bool IsFileName(string name) => name is not ("" or "." or "..") && FileName().IsMatch(name);

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void WriteFile(string path, string content)
    {
        using (var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        {
            file.Write(Encoding.UTF8.GetBytes(content));
        }

        File.SetUnixFileMode(path, ReadableByAll);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex FileName();
}
