using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Toml;
using Tomlyn.Model;

namespace Buildpacks.Platform.Builders;

/// <summary>The text of the TOML files a builder carries: order.toml, run.toml and the deprecated stack.toml.</summary>
internal static class BuilderTomlFiles
{
    /// <summary><c>[[order]] [[order.group]] id, version, optional</c> (Platform API, "order.toml").</summary>
    public static string Order(Order order) => TomlFileWriter.Serialize(new TomlTable
    {
        ["order"] = order.Groups.Select(g => new TomlTable
        {
            ["group"] = g.Elements.Select(e =>
            {
                var element = new TomlTable { ["id"] = e.Id, ["version"] = e.Version };
                if (e.Optional)
                {
                    element["optional"] = true;
                }

                return element;
            }).ToTomlTableArray(),
        }).ToTomlTableArray(),
    });

    /// <summary><c>[[images]] image, mirrors</c> (Platform API, "run.toml").</summary>
    public static string Run(IReadOnlyList<RunImage> images) => TomlFileWriter.Serialize(new TomlTable
    {
        ["images"] = images.Select(RunImageTable).ToTomlTableArray(),
    });

    /// <summary><c>[run-image] image, mirrors</c>: what platforms before 0.12 read instead of run.toml.</summary>
    public static string Stack(RunImage image) => TomlFileWriter.Serialize(new TomlTable { ["run-image"] = RunImageTable(image) });

    private static TomlTable RunImageTable(RunImage image)
    {
        var table = new TomlTable { ["image"] = image.Image };
        if (image.Mirrors.Count > 0)
        {
            table["mirrors"] = image.Mirrors.ToTomlArray();
        }

        return table;
    }

    /// <summary>Reads a builder's run.toml with the lifecycle's reader (the fallback when a builder's labels lack the run images).</summary>
    public static IReadOnlyList<RunImage> ReadRun(string path) =>
        RunToml.Read(path).Select(i => new RunImage(i.Image, i.Mirrors)).ToList();
}
