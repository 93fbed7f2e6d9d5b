using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Toml;

namespace Buildpacks.Lifecycle.Files;

/// <summary>
/// <c>buildpack.toml</c> (Buildpack API, "buildpack.toml"): <c>api</c>, <c>[buildpack]</c>, <c>[[order]]</c>,
/// <c>[[targets]]</c> and the deprecated <c>[[stacks]]</c>. Unknown keys are ignored.
/// </summary>
public static class BuildpackToml
{
    private const string BionicStackId = "io.buildpacks.stacks.bionic";

    /// <summary>Reads the buildpack.toml in <paramref name="rootDir"/>.</summary>
    /// <exception cref="TomlFileException">The file is malformed or lacks a required key.</exception>
    /// <exception cref="LifecycleException">The buildpack's API is not supported (exit code 12).</exception>
    public static BuildpackDescriptor Read(string rootDir)
    {
        var path = Path.Combine(rootDir, "buildpack.toml");
        var root = TomlDocument.Load(path).Root;
        var info = root.GetTable("buildpack") ?? throw root.Document.Invalid("the [buildpack] table is required");
        var id = info.GetRequiredString("id");
        var api = BuildpackApi.Resolve(root.GetString("api"), $"buildpack {id} ({path})");
        var order = OrderToml.ReadOrder(root);

        var descriptor = new BuildpackDescriptor
        {
            Api = api,
            Id = id,
            Version = info.GetRequiredString("version"),
            Name = info.GetString("name"),
            Homepage = info.GetString("homepage"),
            ClearEnv = info.GetBool("clear-env"),
            SbomFormats = info.GetStringArray("sbom-formats"),
            ExecEnv = ReadExecEnv(info),
            Order = order,
            RootDir = rootDir,
        };

        // A composite's group elements name exact buildpacks (Buildpack API, "Order"): id and version are both required.
        var unversioned = order.Groups.SelectMany(g => g.Elements).FirstOrDefault(e => e.Version.Length == 0);
        if (unversioned is not null)
        {
            throw root.Document.Invalid($"order group element '{unversioned.Id}' must have a version");
        }

        return descriptor with { Targets = ReadTargets(root, api, rootDir) };
    }

    /// <summary>
    /// The spec's form is <c>[[buildpack.exec-env]] name = "..."</c>; the reference lifecycle and pack read
    /// <c>exec-env = ["..."]</c>. Both are accepted.
    /// </summary>
    private static IReadOnlyList<string> ReadExecEnv(TomlSection info)
    {
        if (!info.Contains("exec-env"))
        {
            return [];
        }

        if (info.Table["exec-env"] is Tomlyn.Model.TomlTableArray)
        {
            return info.GetTableArray("exec-env").Select(e => e.GetRequiredString("name")).ToList();
        }

        return info.GetStringArray("exec-env");
    }

    private static IReadOnlyList<TargetMetadata> ReadTargets(TomlSection root, BuildpackApi api, string rootDir)
    {
        var targets = root.GetTableArray("targets").Select(t => new TargetMetadata(
            t.GetString("os") ?? "",
            t.GetString("arch") ?? "",
            // The spec writes "variant"; the reference lifecycle reads "arch-variant". Accept either.
            t.GetString("arch-variant") ?? t.GetString("variant") ?? "",
            t.GetTableArray("distros").Select(d => new OsDistro(d.GetString("name") ?? "", d.GetString("version") ?? "")).ToList()))
            .ToList();
        if (targets.Count > 0)
        {
            return targets;
        }

        // Deprecated stacks (Buildpack API 0.10): "*" matches anything; bionic means linux/amd64 ubuntu 18.04, applied
        // like the reference lifecycle when the API is >= 0.10 or bionic is the only stack.
        var stacks = root.GetTableArray("stacks").Select(s => s.GetString("id") ?? "").ToList();
        foreach (var stack in stacks)
        {
            if (stack == "*")
            {
                targets.Add(TargetMetadata.Any);
            }
            else if (stack == BionicStackId && (api.Version.AtLeast("0.10") || stacks.Count == 1))
            {
                targets.Add(new TargetMetadata("linux", "amd64", "", [new OsDistro("ubuntu", "18.04")]));
            }
        }

        if (targets.Count > 0)
        {
            return targets;
        }

        // Without targets the spec infers the OS from the executables: bin/build means linux.
        return File.Exists(Path.Combine(rootDir, "bin", "build")) ? [new TargetMetadata("linux", "", "", [])] : [];
    }
}
