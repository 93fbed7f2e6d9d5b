using Buildpacks.Images;
using Buildpacks.Images.Stores;
using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Buildpacks;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Images.Model;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// The buildpacks and order of a build that names its own buildpacks (<see cref="BuildRequest.Buildpacks"/>, pack's
/// <c>--buildpack</c>): one group of those buildpacks, in order. A buildpack the builder has is used from the builder's
/// tree; a directory, <c>.tgz</c>, <c>.cnb</c> or image is unpacked into a scratch buildpacks directory, beside links
/// to the builder's own buildpacks (which the new ones may need, e.g. a composite's components).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class EphemeralBuildpacks(Builder builder, BuilderFileTree tree, IImageStore images, ImagePlatform platform)
{
    /// <summary>The buildpacks directory and order.toml to run with.</summary>
    /// <param name="BuildpacksDirectory">The <c>/cnb/buildpacks</c> to use.</param>
    /// <param name="OrderPath">The order.toml to use.</param>
    public sealed record Layout(string BuildpacksDirectory, string OrderPath);

    /// <summary>
    /// Prepares <paramref name="buildpacks"/> under <paramref name="scratch"/>; with none, the builder's own tree and
    /// order as they are.
    /// </summary>
    /// <exception cref="CodedException">BP1203 or BP1204 for a buildpack that cannot be found or read.</exception>
    public async Task<Layout> PrepareAsync(IReadOnlyList<string> buildpacks, string? baseDirectory, string scratch, CancellationToken cancellationToken)
    {
        if (buildpacks.Count == 0)
        {
            return new Layout(tree.BuildpacksDirectory, tree.OrderPath);
        }

        var root = Directory.CreateDirectory(Path.Combine(scratch, "ephemeral")).FullName;
        var buildpacksDirectory = Directory.CreateDirectory(Path.Combine(root, "cnb", "buildpacks")).FullName;
        var resolver = new BuildpackResolver(images, platform, Directory.CreateDirectory(Path.Combine(scratch, "buildpack-layers")).FullName);
        var group = new List<GroupElement>();
        foreach (var spec in buildpacks)
        {
            group.Add(await AddAsync(spec, baseDirectory ?? Environment.CurrentDirectory, root, resolver, cancellationToken).ConfigureAwait(false));
        }

        LinkBuilderBuildpacks(buildpacksDirectory);
        var orderPath = Path.Combine(root, "cnb", "order.toml");
        await File.WriteAllTextAsync(orderPath, BuilderTomlFiles.Order(new Order([new OrderGroup(group)])), cancellationToken).ConfigureAwait(false);
        return new Layout(buildpacksDirectory, orderPath);
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

    // The builder's buildpacks the new ones did not bring, as links into the shared tree: never copied, never written.
    private void LinkBuilderBuildpacks(string buildpacksDirectory)
    {
        if (!Directory.Exists(tree.BuildpacksDirectory))
        {
            return;
        }

        foreach (var idDirectory in Directory.EnumerateDirectories(tree.BuildpacksDirectory))
        {
            var target = Directory.CreateDirectory(Path.Combine(buildpacksDirectory, Path.GetFileName(idDirectory))).FullName;
            foreach (var versionDirectory in Directory.EnumerateFileSystemEntries(idDirectory))
            {
                var link = Path.Combine(target, Path.GetFileName(versionDirectory));
                if (!Path.Exists(link))
                {
                    Directory.CreateSymbolicLink(link, versionDirectory);
                }
            }
        }
    }
}
