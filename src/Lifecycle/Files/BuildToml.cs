using Buildpacks.Lifecycle.BuildPlan;
using Buildpacks.Lifecycle.Toml;

namespace Buildpacks.Lifecycle.Files;

/// <summary>
/// <c>&lt;layers&gt;/&lt;bp&gt;/build.toml</c> (Buildpack API, "build.toml"): <c>[[unmet]] name</c> lists the entries of
/// the buildpack plan the buildpack did not provide; they stay in the plan for later providers.
/// </summary>
public static class BuildToml
{
    /// <summary>Reads the unmet names; a missing file means every entry was met.</summary>
    /// <exception cref="TomlFileException">
    /// The file is malformed, or an unmet name is empty or not in the buildpack's plan.
    /// </exception>
    public static IReadOnlyList<string> ReadUnmet(string path, IReadOnlyList<Require> buildpackPlan)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var root = TomlDocument.Load(path).Root;
        var unmet = new List<string>();
        foreach (var entry in root.GetTableArray("unmet"))
        {
            var name = entry.GetString("name");
            if (string.IsNullOrEmpty(name))
            {
                throw root.Document.Invalid("unmet.name is required");
            }

            if (!buildpackPlan.Any(r => r.Name == name))
            {
                throw root.Document.Invalid($"unmet.name '{name}' must match a requested dependency");
            }

            unmet.Add(name);
        }

        return unmet;
    }
}
