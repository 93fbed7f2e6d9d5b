using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Launch;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Toml;

namespace Buildpacks.Lifecycle.Files;

/// <summary>What a buildpack declared in its launch.toml.</summary>
/// <param name="Processes">Process types, in file order.</param>
/// <param name="Labels">Image labels.</param>
/// <param name="Slices">Application slices.</param>
public sealed record LaunchDeclarations(IReadOnlyList<LaunchProcess> Processes, IReadOnlyList<LaunchLabel> Labels, IReadOnlyList<AppSlice> Slices)
{
    /// <summary>A buildpack without launch.toml.</summary>
    public static LaunchDeclarations None { get; } = new([], [], []);
}

/// <summary>
/// <c>&lt;layers&gt;/&lt;bp&gt;/launch.toml</c> (Buildpack API, "launch.toml"): <c>[[processes]]</c>, <c>[[labels]]</c>,
/// <c>[[slices]]</c>. The shape of a process depends on the buildpack's API (see <see cref="BuildpackApi"/>).
/// </summary>
public static class LaunchToml
{
    /// <summary>Reads the launch.toml of <paramref name="buildpack"/>; a missing file declares nothing.</summary>
    /// <exception cref="TomlFileException">The file is malformed or breaks a rule of the buildpack's API.</exception>
    public static LaunchDeclarations Read(string path, BuildpackDescriptor buildpack, ILifecycleLog log)
    {
        if (!File.Exists(path))
        {
            return LaunchDeclarations.None;
        }

        var root = TomlDocument.Load(path).Root;
        var processes = root.GetTableArray("processes").Select(p => ReadProcess(p, buildpack, log)).ToList();
        var defaults = processes.Where(p => p.Default).ToList();
        if (defaults.Count > 1)
        {
            throw root.Document.Invalid($"multiple default process types aren't allowed ({string.Join(", ", defaults.Select(p => p.Type))})");
        }

        return new LaunchDeclarations(
            processes,
            root.GetTableArray("labels").Select(l => new LaunchLabel(l.GetRequiredString("key"), l.GetString("value") ?? "")).ToList(),
            root.GetTableArray("slices").Select(s => new AppSlice(s.GetStringArray("paths"))).ToList());
    }

    private static LaunchProcess ReadProcess(TomlSection process, BuildpackDescriptor buildpack, ILifecycleLog log)
    {
        var type = process.GetRequiredString("type");
        IReadOnlyList<string> command;
        bool direct;
        if (buildpack.Api.ProcessCommandIsArray)
        {
            if (process.Contains("direct"))
            {
                throw process.Invalid("direct", $"is not supported for Buildpack API {buildpack.Api}: processes are always direct");
            }

            command = process.GetStringArray("command");
            direct = true;
        }
        else
        {
            command = process.GetString("command") is { } single ? [single] : [];
            direct = process.GetBool("direct");
        }

        if (command.Count == 0)
        {
            throw process.Invalid("command", "is required");
        }

        var workingDirectory = process.GetString("working-dir");
        if (!string.IsNullOrEmpty(workingDirectory) && !buildpack.Api.SupportsProcessWorkingDirectory)
        {
            log.Warn($"Warning: process working directory isn't supported in this buildpack api version. Ignoring working directory for process '{type}'");
            workingDirectory = null;
        }

        return new LaunchProcess(
            type,
            command,
            process.GetStringArray("args"),
            direct,
            process.GetBool("default"),
            buildpack.Id,
            string.IsNullOrEmpty(workingDirectory) ? null : workingDirectory,
            process.GetStringArray("exec-env"));
    }
}
