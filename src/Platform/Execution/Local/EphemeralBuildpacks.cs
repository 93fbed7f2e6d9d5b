using Buildpacks.Images;
using Buildpacks.Images.Stores;
using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Buildpacks;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Images.Model;

using Buildpacks.Platform.Execution.Local.Sandbox;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// The buildpacks and order of a build that names its own buildpacks (<see cref="BuildRequest.Buildpacks"/>, pack's
/// <c>--buildpack</c>): one group of those buildpacks, in order, as pack's ephemeral builder has them. A buildpack the
/// builder has is used from the builder's file system; a directory, <c>.tgz</c>, <c>.cnb</c> or image is unpacked into a
/// scratch directory. The sandbox then sees, at <c>/cnb/buildpacks</c>, the builder's own buildpacks (which the new ones
/// may need, e.g. a composite's components) and the new ones, each mounted read-only, and the new order at
/// <c>/cnb/order.toml</c>: the builder's file system itself is never written.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class EphemeralBuildpacks(Builder builder, BuilderRoot tree, IImageStore images, ImagePlatform platform)
{
    private const string SandboxBuildpacks = "/cnb/buildpacks";

    /// <summary>
    /// Prepares <paramref name="buildpacks"/> under <paramref name="scratch"/> and returns what the sandbox must mount
    /// over the builder's <c>/cnb</c> for them; with none, nothing (the builder's own buildpacks and order as they are).
    /// </summary>
    /// <exception cref="CodedException">BP2005 or BP2006 for a buildpack that cannot be found or read.</exception>
    public async Task<IReadOnlyList<SandboxMount>> PrepareAsync(IReadOnlyList<string> buildpacks, string? baseDirectory, string scratch, CancellationToken cancellationToken)
    {
        if (buildpacks.Count == 0)
        {
            return [];
        }

        var root = Directory.CreateDirectory(Path.Combine(scratch, "ephemeral")).FullName;
        var buildpacksDirectory = Directory.CreateDirectory(Path.Combine(root, "cnb", "buildpacks")).FullName;
        var resolver = new BuildpackResolver(images, platform, Directory.CreateDirectory(Path.Combine(scratch, "buildpack-layers")).FullName);
        var group = new List<GroupElement>();
        foreach (var spec in buildpacks)
        {
            group.Add(await AddAsync(spec, baseDirectory ?? Environment.CurrentDirectory, root, resolver, cancellationToken).ConfigureAwait(false));
        }

        var orderPath = Path.Combine(root, "cnb", "order.toml");
        await File.WriteAllTextAsync(orderPath, BuilderTomlFiles.Order(new Order([new OrderGroup(group)])), cancellationToken).ConfigureAwait(false);
        return [SandboxMount.Empty(SandboxBuildpacks), .. BuildpackMounts(buildpacksDirectory), SandboxMount.ReadOnly(orderPath, "/cnb/order.toml")];
    }

    private async Task<GroupElement> AddAsync(string spec, string baseDirectory, string root, BuildpackResolver resolver, CancellationToken cancellationToken)
    {
        if (FromBuilder(spec, baseDirectory) is { } known)
        {
            return known;
        }

        BuildpackLocation location;
        try
        {
            location = BuildpackLocation.Parse(spec, baseDirectory);
        }
        catch (FormatException e)
        {
            throw CodedException.Because(e, Messages.InvalidBuildpack, spec, e.Message);
        }

        try
        {
            var (main, layers) = location.Kind switch
            {
                BuildpackLocationKind.PackageFile => FromPackage(await BuildpackPackageReader.ReadFileAsync(location.Path!, cancellationToken).ConfigureAwait(false)),
                BuildpackLocationKind.Image => FromPackage(await BuildpackPackageReader.ReadAsync(images, location.Image!, platform, cancellationToken).ConfigureAwait(false)),
                _ => await FromDirectoryAsync(location, resolver, cancellationToken).ConfigureAwait(false),
            };
            foreach (var layer in layers)
            {
                var blob = await layer.Layer.Content.OpenAsync(cancellationToken).ConfigureAwait(false);
                await CnbTreeExtractor.ExtractAsync(blob, root, cancellationToken).ConfigureAwait(false);
            }

            return new GroupElement(main.Id, main.Version);
        }
        catch (Exception e) when (e is PlatformException or ImageException or IOException or InvalidDataException)
        {
            throw CodedException.Because(e, Messages.InvalidBuildpack, spec, e.Message);
        }
    }

    // "id@version", "id" or "urn:cnb:builder:id[@version]" of a buildpack the builder carries; null when the spec
    // names no buildpack id of the builder (or is an existing path, which wins as in pack).
    private GroupElement? FromBuilder(string spec, string baseDirectory)
    {
        const string BuilderUrn = "urn:cnb:builder:";
        var text = spec.StartsWith(BuilderUrn, StringComparison.OrdinalIgnoreCase) ? spec[BuilderUrn.Length..] : spec;
        var isUrn = text.Length != spec.Length;
        if (!isUrn && Path.Exists(Path.Combine(baseDirectory, spec)))
        {
            return null;
        }

        var at = text.LastIndexOf('@');
        var id = at > 0 ? text[..at] : text;
        var version = at > 0 ? text[(at + 1)..] : null;
        var candidates = builder.Buildpacks.Where(b => b.Id == id).ToList();
        if (candidates.Count == 0)
        {
            return isUrn
                ? throw CodedException.Of(Messages.BuildpackNotInBuilder, builder.Image.Reference, id, "no version of it")
                : null;
        }

        var chosen = version is null
            ? candidates.Count == 1 ? candidates[0] : null
            : candidates.FirstOrDefault(b => b.Version == version);
        return chosen is null
            ? throw CodedException.Of(Messages.BuildpackNotInBuilder, builder.Image.Reference, text, "versions " + string.Join(", ", candidates.Select(c => c.Version)))
            : new GroupElement(chosen.Id, chosen.Version);
    }

    private static (BuildpackLayer Main, IReadOnlyList<BuildpackLayer> Layers) FromPackage(BuildpackPackage package) => (package.Main, package.Buildpacks);

    private static async Task<(BuildpackLayer Main, IReadOnlyList<BuildpackLayer> Layers)> FromDirectoryAsync(BuildpackLocation location, BuildpackResolver resolver, CancellationToken cancellationToken)
    {
        var layers = await resolver.ResolveAsync(location, cancellationToken).ConfigureAwait(false);
        return (layers[0], layers);
    }

    // Every buildpack version directory, the new ones' over the builder's of the same id and version.
    private IEnumerable<SandboxMount> BuildpackMounts(string newBuildpacks)
    {
        var versions = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (sandboxPath, hostPath) in VersionDirectories(tree.BuildpacksDirectory).Concat(VersionDirectories(newBuildpacks)))
        {
            versions[sandboxPath] = hostPath;
        }

        return versions.Select(v => SandboxMount.ReadOnly(v.Value, v.Key));
    }

    private IEnumerable<(string SandboxPath, string HostPath)> VersionDirectories(string buildpacksDirectory)
    {
        if (!Directory.Exists(buildpacksDirectory))
        {
            yield break;
        }

        foreach (var idDirectory in Directory.EnumerateDirectories(buildpacksDirectory))
        {
            foreach (var version in Directory.EnumerateFileSystemEntries(idDirectory))
            {
                if (InsideRoot(version) is { } host && Directory.Exists(host))
                {
                    yield return ($"{SandboxBuildpacks}/{Path.GetFileName(idDirectory)}/{Path.GetFileName(version)}", host);
                }
            }
        }
    }

    // A version directory may be a symlink in the builder's file system: its target is read there, never on this machine.
    private string? InsideRoot(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not { } target)
        {
            return path;
        }

        var resolved = Path.GetFullPath(target.StartsWith('/') ? tree.HostPath(target) : Path.Combine(Path.GetDirectoryName(path)!, target));
        return resolved.StartsWith(tree.Root + "/", StringComparison.Ordinal) ? resolved : null;
    }
}
