namespace Buildpacks.Lifecycle.Launch;

/// <summary>
/// The processes of a build, merged across buildpacks in group order (Buildpack API, "launch.toml"; lifecycle
/// phase/builder.go processMap): a later buildpack's process of a type replaces the earlier one; the default type is
/// the last one marked default; a later non-default redefinition of the default type clears the default.
/// </summary>
public sealed class ProcessSet
{
    private readonly Dictionary<string, LaunchProcess> _byType = new(StringComparer.Ordinal);

    /// <summary>The buildpack-default process type, if any (<c>buildpack-default-process-type</c>).</summary>
    public string? DefaultType { get; private set; }

    /// <summary>Adds one buildpack's processes; returns a warning when a default type lost its default.</summary>
    public string? Add(IEnumerable<LaunchProcess> processes)
    {
        string? warning = null;
        foreach (var process in processes)
        {
            if (process.Default)
            {
                DefaultType = process.Type;
                warning = null;
            }
            else if (process.Type == DefaultType)
            {
                DefaultType = null;
                warning = $"Warning: redefining the following default process type with a process not marked as default: {process.Type}";
            }

            _byType[process.Type] = process;
        }

        return warning;
    }

    /// <summary>The processes sorted by type (for reproducible metadata), with <c>default</c> cleared.</summary>
    public IReadOnlyList<LaunchProcess> List() =>
        _byType.Keys.Order(StringComparer.Ordinal).Select(t => _byType[t] with { Default = false }).ToList();
}
