using System.Text;

namespace Buildpacks.TestInfrastructure.Buildpacks;

/// <summary>
/// A buildpack a test writes into a directory (Buildpack API, "Buildpack Interface"): its buildpack.toml and, for a
/// component, <c>bin/detect</c> and <c>bin/build</c> as shell scripts (<see cref="BuildScript"/> writes build scripts
/// that behave as real-world buildpacks do); for a composite, its <see cref="Order"/> instead. A record, so that a test
/// says only what matters to it: <c>new FixtureBuildpack("tests/printer") { Build = new BuildScript().PrintPlatformEnv() }</c>.
/// </summary>
/// <param name="Id">The buildpack's id.</param>
public sealed record FixtureBuildpack(string Id)
{
    /// <summary>The interpreter of scripts for build images with bash (every CNB builder's has it).</summary>
    public const string Bash = "/usr/bin/env bash";

    /// <summary>The interpreter of scripts for minimal build images (busybox).</summary>
    public const string Sh = "/bin/sh";

    /// <summary>The buildpack's version.</summary>
    public string Version { get; init; } = "0.0.1";

    /// <summary>The Buildpack API it declares.</summary>
    public string Api { get; init; } = "0.10";

    /// <summary>Its <c>[buildpack] name</c>, if any.</summary>
    public string? Name { get; init; }

    /// <summary>Its <c>[buildpack] sbom-formats</c> (media types), e.g. <c>application/vnd.cyclonedx+json</c>.</summary>
    public IReadOnlyList<string> SbomFormats { get; init; } = [];

    /// <summary>The scripts' interpreter: <see cref="Bash"/> or <see cref="Sh"/>.</summary>
    public string Shell { get; init; } = Bash;

    /// <summary>The body of <c>bin/detect</c> (after the interpreter line and <c>set -eu</c>; see <see cref="DetectScript"/>); passes by default.</summary>
    public string Detect { get; init; } = "exit 0";

    /// <summary>The body of <c>bin/build</c>; a <see cref="BuildScript"/> converts to it.</summary>
    public string Build { get; init; } = "exit 0";

    /// <summary>For a composite buildpack, its order: groups of (id, version, optional). A composite has no executables.</summary>
    public IReadOnlyList<IReadOnlyList<FixtureGroupElement>> Order { get; init; } = [];

    /// <summary>Writes the buildpack into <paramref name="directory"/> (created if needed); returns the directory.</summary>
    public string WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "buildpack.toml"), BuildpackToml());
        if (Order.Count == 0)
        {
            Directory.CreateDirectory(Path.Combine(directory, "bin"));
            WriteScript(Path.Combine(directory, "bin", "detect"), Detect);
            WriteScript(Path.Combine(directory, "bin", "build"), Build);
        }

        return directory;
    }

    private string BuildpackToml()
    {
        var toml = new StringBuilder()
            .Append($"api = \"{Api}\"\n\n[buildpack]\nid = \"{Id}\"\nversion = \"{Version}\"\n");
        if (Name is not null)
        {
            toml.Append($"name = \"{Name}\"\n");
        }

        if (SbomFormats.Count > 0)
        {
            toml.Append($"sbom-formats = [{string.Join(", ", SbomFormats.Select(f => $"\"{f}\""))}]\n");
        }

        if (Order.Count == 0)
        {
            toml.Append("\n[[targets]]\nos = \"linux\"\n");
        }

        foreach (var group in Order)
        {
            toml.Append("\n[[order]]\n");
            foreach (var element in group)
            {
                toml.Append($"[[order.group]]\nid = \"{element.Id}\"\nversion = \"{element.Version}\"\n");
                if (element.Optional)
                {
                    toml.Append("optional = true\n");
                }
            }
        }

        return toml.ToString();
    }

    private void WriteScript(string path, string body)
    {
        var options = Shell == Bash ? "set -euo pipefail" : "set -eu";
        File.WriteAllText(path, $"#!{Shell}\n{options}\n{body.ReplaceLineEndings("\n").TrimEnd('\n')}\n");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Buildpacks are Linux programs; the tests that write them run on Linux.");
        }

        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }
}

/// <summary>An element of a composite buildpack's order group.</summary>
/// <param name="Id">The buildpack's id.</param>
/// <param name="Version">Its version.</param>
/// <param name="Optional">Whether the group passes without it.</param>
public sealed record FixtureGroupElement(string Id, string Version, bool Optional = false);
