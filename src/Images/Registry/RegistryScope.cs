namespace Buildpacks.Images.Registry;

/// <summary>
/// A token scope of the Docker token spec: <c>repository:team/app:pull,push</c>. A request may need several (a
/// cross-repository mount needs <c>pull,push</c> on the destination and <c>pull</c> on the source).
/// </summary>
public sealed record RegistryScope
{
    private RegistryScope(string type, string name, IReadOnlyList<string> actions)
    {
        Type = type;
        Name = name;
        Actions = actions;
    }

    /// <summary>The resource type, usually <c>repository</c>.</summary>
    public string Type { get; }

    /// <summary>The resource name, e.g. the repository path.</summary>
    public string Name { get; }

    /// <summary>The actions, sorted, e.g. <c>pull</c>, <c>push</c>.</summary>
    public IReadOnlyList<string> Actions { get; }

    /// <summary>Pull access to a repository.</summary>
    public static RegistryScope Pull(string repository) => new("repository", repository, ["pull"]);

    /// <summary>Pull and push access to a repository.</summary>
    public static RegistryScope PullPush(string repository) => new("repository", repository, ["pull", "push"]);

    /// <summary>Parses <c>type:name:action[,action]</c>; the name may itself contain colons (a registry port).</summary>
    public static RegistryScope? TryParse(string text)
    {
        var first = text.IndexOf(':', StringComparison.Ordinal);
        var last = text.LastIndexOf(':');
        if (first <= 0 || last <= first)
        {
            return null;
        }

        var actions = text[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries);
        return new RegistryScope(text[..first], text[(first + 1)..last], actions.Distinct().Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// Merges scopes on the same resource (their actions united) and sorts them, so equal needs give equal cache keys.
    /// </summary>
    public static IReadOnlyList<RegistryScope> Merge(IEnumerable<RegistryScope> scopes) =>
        scopes
            .GroupBy(s => (s.Type, s.Name))
            .Select(g => new RegistryScope(g.Key.Type, g.Key.Name, g.SelectMany(s => s.Actions).Distinct().Order(StringComparer.Ordinal).ToList()))
            .OrderBy(s => s.Type, StringComparer.Ordinal)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>The scopes a challenge's <c>scope</c> parameter names (space-separated).</summary>
    public static IEnumerable<RegistryScope> ParseList(string? scopes) =>
        (scopes ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(TryParse).OfType<RegistryScope>();

    /// <inheritdoc />
    public override string ToString() => $"{Type}:{Name}:{string.Join(',', Actions)}";

    /// <inheritdoc />
    public bool Equals(RegistryScope? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc />
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
