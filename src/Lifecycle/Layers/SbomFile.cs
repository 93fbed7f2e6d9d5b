using Buildpacks.Lifecycle.Buildpacks;

namespace Buildpacks.Lifecycle.Layers;

/// <summary>Which SBOM tree a file goes to: <c>&lt;layers&gt;/sbom/&lt;kind&gt;/</c>.</summary>
public enum SbomKind
{
    /// <summary>Describes the app image (<c>launch.sbom.*</c> and launch layers).</summary>
    Launch,

    /// <summary>Describes the build (<c>build.sbom.*</c> and other layers).</summary>
    Build,

    /// <summary>Kept with cached layers.</summary>
    Cache,
}

/// <summary>
/// An SBOM file a buildpack wrote in its layers directory: <c>launch.sbom.&lt;ext&gt;</c>, <c>build.sbom.&lt;ext&gt;</c> or
/// <c>&lt;layer&gt;.sbom.&lt;ext&gt;</c> (Buildpack API, "Bill of Materials").
/// </summary>
/// <param name="BuildpackId">The buildpack that wrote it.</param>
/// <param name="LayerName">The layer it describes, or null for the buildpack's launch/build SBOM.</param>
/// <param name="Kind">Where it is copied.</param>
/// <param name="SourcePath">The file the buildpack wrote.</param>
/// <param name="MediaType">Its media type, known from the extension.</param>
public sealed record SbomFile(string BuildpackId, string? LayerName, SbomKind Kind, string SourcePath, string MediaType)
{
    /// <summary>The supported extensions and their media types.</summary>
    public static readonly IReadOnlyList<(string Extension, string MediaType)> Formats =
    [
        ("sbom.cdx.json", "application/vnd.cyclonedx+json"),
        ("sbom.spdx.json", "application/spdx+json"),
        ("sbom.syft.json", "application/vnd.syft+json"),
    ];

    /// <summary>The file name in the SBOM tree: <c>sbom.&lt;ext&gt;</c>.</summary>
    public string TargetFileName => Formats.First(f => f.MediaType == MediaType).Extension;

    /// <summary>
    /// Finds the SBOM files of one buildpack and checks them: a file matching <c>*.sbom.*.json</c> with an unknown
    /// format, or whose media type the buildpack did not declare in <c>sbom-formats</c>, fails the build. Files of
    /// layers without a <c>.toml</c> are ignored (lifecycle buildpack/bomfile.go).
    /// </summary>
    /// <exception cref="InvalidDataException">An SBOM file is unsupported or undeclared.</exception>
    public static IReadOnlyList<SbomFile> Collect(BuildpackDescriptor buildpack, string buildpackLayersDir, IReadOnlyDictionary<string, LayerMetadata> layers)
    {
        if (!Directory.Exists(buildpackLayersDir))
        {
            return [];
        }

        var declared = buildpack.SbomFormats.Select(f => f.Split(';')[0].Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var files = new List<SbomFile>();
        var candidates = Directory.EnumerateFiles(buildpackLayersDir, "*.sbom.*.json").Order(StringComparer.Ordinal);
        foreach (var path in candidates)
        {
            var fileName = Path.GetFileName(path);
            var format = Formats.FirstOrDefault(f => fileName.EndsWith("." + f.Extension, StringComparison.Ordinal));
            if (format.MediaType is null)
            {
                throw new InvalidDataException($"buildpack {buildpack}: unsupported SBOM file format: '{path}'");
            }

            if (!declared.Contains(format.MediaType))
            {
                throw new InvalidDataException(
                    $"buildpack {buildpack}: undeclared SBOM media type '{format.MediaType}' of '{path}': add it to sbom-formats in {buildpack.DescriptorPath}");
            }

            var name = fileName[..fileName.IndexOf('.', StringComparison.Ordinal)];
            switch (name)
            {
                case "launch":
                    files.Add(new SbomFile(buildpack.Id, null, SbomKind.Launch, path, format.MediaType));
                    continue;
                case "build":
                    files.Add(new SbomFile(buildpack.Id, null, SbomKind.Build, path, format.MediaType));
                    continue;
            }

            if (!layers.TryGetValue(name, out var layer))
            {
                continue;
            }

            files.Add(new SbomFile(buildpack.Id, name, layer.Types.Launch ? SbomKind.Launch : SbomKind.Build, path, format.MediaType));
            if (layer.Types.Cache)
            {
                files.Add(new SbomFile(buildpack.Id, name, SbomKind.Cache, path, format.MediaType));
            }
        }

        return files;
    }

    /// <summary>
    /// Copies the file to <c>&lt;layers&gt;/sbom/&lt;kind&gt;/&lt;escaped bp id&gt;[/&lt;layer&gt;]/sbom.&lt;ext&gt;</c>
    /// (Platform API, "Build Phase" outputs).
    /// </summary>
    public void CopyTo(string layersDir)
    {
        var targetDir = Path.Combine(layersDir, "sbom", Kind.ToString().ToLowerInvariant(), Buildpacks.BuildpackId.Escape(BuildpackId));
        if (LayerName is not null)
        {
            targetDir = Path.Combine(targetDir, LayerName);
        }

        Directory.CreateDirectory(targetDir);
        File.Copy(SourcePath, Path.Combine(targetDir, TargetFileName), overwrite: true);
    }
}
