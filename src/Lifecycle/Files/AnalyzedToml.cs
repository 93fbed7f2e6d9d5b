using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Platform;
using Buildpacks.Lifecycle.Toml;

namespace Buildpacks.Lifecycle.Files;

/// <summary>
/// The part of <c>analyzed.toml</c> that detect and build read: <c>[run-image.target] os, arch, arch-variant,
/// [run-image.target.distro] name, version</c> (Platform API, "analyzed.toml"). The reference lifecycle writes
/// <c>arch-variant</c>; the spec says <c>variant</c>; both are read.
/// </summary>
public static class AnalyzedToml
{
    /// <summary>Reads the run image target; a missing file or table means nothing is known.</summary>
    /// <exception cref="TomlFileException">The file is malformed.</exception>
    public static RunImageTarget ReadRunImageTarget(string path)
    {
        if (!File.Exists(path))
        {
            return RunImageTarget.Unknown;
        }

        var target = TomlDocument.Load(path).Root.GetTable("run-image")?.GetTable("target");
        if (target is not { } t)
        {
            return RunImageTarget.Unknown;
        }

        var distro = t.GetTable("distro") is { } d ? new OsDistro(d.GetString("name") ?? "", d.GetString("version") ?? "") : null;
        return new RunImageTarget(
            t.GetString("os") ?? "",
            t.GetString("arch") ?? "",
            t.GetString("arch-variant") ?? t.GetString("variant") ?? "",
            distro);
    }
}
