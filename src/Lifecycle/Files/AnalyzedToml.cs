using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Metadata;
using Buildpacks.Lifecycle.Platform;
using Buildpacks.Lifecycle.Toml;
using Tomlyn.Model;

namespace Buildpacks.Lifecycle.Files;

/// <summary>
/// <c>analyzed.toml</c> (Platform API, "analyzed.toml"): <c>[image] reference</c>, <c>[metadata]</c> (the previous
/// image's lifecycle metadata in its TOML spelling, see <see cref="LayersMetadataToml"/>), <c>[run-image] reference, image,
/// extend, [run-image.target] id, os, arch, arch-variant, [run-image.target.distro] name, version</c> and
/// <c>[build-image] reference</c>. The reference lifecycle writes <c>arch-variant</c>; the spec says <c>variant</c>; both
/// are read.
/// </summary>
public static class AnalyzedToml
{
    /// <summary>Reads the whole file; a missing file is an empty analysis (the reference lifecycle only warns).</summary>
    /// <exception cref="TomlFileException">The file is malformed.</exception>
    public static Analysis Read(string path)
    {
        if (!File.Exists(path))
        {
            return new Analysis();
        }

        var root = TomlDocument.Load(path).Root;
        var runImage = root.GetTable("run-image");
        return new Analysis
        {
            PreviousImageReference = root.GetTable("image")?.GetString("reference") is { Length: > 0 } previous ? previous : null,
            Metadata = root.GetTable("metadata") is { } metadata ? LayersMetadataToml.FromToml(metadata) : new LayersMetadata(),
            RunImage = runImage is { } r
                ? new AnalyzedRunImage
                {
                    Reference = r.GetString("reference") ?? "",
                    Image = r.GetString("image"),
                    Extend = r.GetBool("extend"),
                    Target = r.GetTable("target") is { } target ? ReadTarget(target) : null,
                    TargetId = r.GetTable("target")?.GetString("id"),
                }
                : null,
            BuildImageReference = root.GetTable("build-image")?.GetString("reference"),
        };
    }

    /// <summary>Reads the run image target; a missing file or table means nothing is known.</summary>
    /// <exception cref="TomlFileException">The file is malformed.</exception>
    public static RunImageTarget ReadRunImageTarget(string path)
    {
        if (!File.Exists(path))
        {
            return RunImageTarget.Unknown;
        }

        var target = TomlDocument.Load(path).Root.GetTable("run-image")?.GetTable("target");
        return target is { } t ? ReadTarget(t) : RunImageTarget.Unknown;
    }

    /// <summary>Writes <paramref name="analysis"/> to <paramref name="path"/>, creating its directory.</summary>
    public static void Write(string path, Analysis analysis) => TomlFileWriter.Write(path, ToModel(analysis));

    internal static TomlTable ToModel(Analysis analysis)
    {
        var root = new TomlTable();
        if (analysis.PreviousImageReference is { Length: > 0 } previous)
        {
            root["image"] = new TomlTable { ["reference"] = previous };
        }

        root["metadata"] = LayersMetadataToml.ToToml(analysis.Metadata);
        if (analysis.RunImage is { } runImage)
        {
            var table = new TomlTable { ["reference"] = runImage.Reference };
            table.AddIfNotEmpty("image", runImage.Image);
            if (runImage.Extend)
            {
                table["extend"] = true;
            }

            if (runImage.Target is { } target)
            {
                table["target"] = TargetTable(target, runImage.TargetId);
            }

            root["run-image"] = table;
        }

        if (analysis.BuildImageReference is { Length: > 0 } buildImage)
        {
            root["build-image"] = new TomlTable { ["reference"] = buildImage };
        }

        return root;
    }

    private static RunImageTarget ReadTarget(TomlSection t)
    {
        var distro = t.GetTable("distro") is { } d ? new OsDistro(d.GetString("name") ?? "", d.GetString("version") ?? "") : null;
        return new RunImageTarget(
            t.GetString("os") ?? "",
            t.GetString("arch") ?? "",
            t.GetString("arch-variant") ?? t.GetString("variant") ?? "",
            distro);
    }

    private static TomlTable TargetTable(RunImageTarget target, string? id)
    {
        // Key order and omissions as lc's files.TargetMetadata: id and arch-variant only when set.
        var table = new TomlTable();
        table.AddIfNotEmpty("id", id);
        table["os"] = target.Os;
        table["arch"] = target.Arch;
        table.AddIfNotEmpty("arch-variant", target.ArchVariant);
        if (target.Distro is { } distro)
        {
            table["distro"] = new TomlTable { ["name"] = distro.Name, ["version"] = distro.Version };
        }

        return table;
    }
}
