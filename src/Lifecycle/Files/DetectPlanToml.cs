using Buildpacks.Lifecycle.BuildPlan;
using Buildpacks.Lifecycle.Toml;
using Tomlyn.Model;

namespace Buildpacks.Lifecycle.Files;

/// <summary>
/// The build plan a buildpack's <c>bin/detect</c> writes (Buildpack API, "Build Plan (TOML)"):
/// <c>[[provides]] name</c>, <c>[[requires]] name [requires.metadata]</c>, and <c>[[or]]</c> alternatives.
/// </summary>
public static class DetectPlanToml
{
    /// <summary>Reads the plan written at <paramref name="path"/>. An empty file is an empty plan.</summary>
    /// <exception cref="TomlFileException">
    /// The file is malformed, or a require has a top-level <c>version</c>, which the reference lifecycle rejects in favour
    /// of <c>metadata.version</c>.
    /// </exception>
    public static DetectOutput Read(string path)
    {
        var root = TomlDocument.Load(path).Root;
        return new DetectOutput(ReadSections(root), root.GetTableArray("or").Select(ReadSections).ToList());
    }

    private static PlanSections ReadSections(TomlSection section) => new(
        section.GetTableArray("provides").Select(p => new Provide(p.GetRequiredString("name"))).ToList(),
        section.GetTableArray("requires").Select(ReadRequire).ToList());

    private static Require ReadRequire(TomlSection require)
    {
        if (require.Contains("version"))
        {
            throw require.Invalid(
                "version",
                "is not supported: a require's version must be given as \"metadata.version\"");
        }

        return new Require(require.GetRequiredString("name"), require.GetTable("metadata")?.Table ?? new TomlTable());
    }
}
