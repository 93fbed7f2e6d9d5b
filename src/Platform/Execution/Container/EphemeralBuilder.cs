using Buildpacks.Images;
using Buildpacks.Images.Layers;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Buildpacks;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Images.Model;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// A builder made for one build when the request names its own buildpacks (pack's and Spring Boot's ephemeral
/// builder): the builder's layers, a layer per buildpack it lacks, and a new <c>/cnb/order.toml</c> with one group of
/// the requested buildpacks in order. Written to the daemon under a temporary name labelled with the build, and
/// removed with the build's other resources. Only the new layers travel: the daemon already has the builder's.
/// </summary>
internal static class EphemeralBuilder
{
    /// <summary>
    /// Writes the ephemeral builder of <paramref name="builder"/> for <paramref name="request"/> to
    /// <paramref name="daemon"/> and returns its name (registered in <paramref name="resources"/> before it exists) and
    /// whether it carries buildpacks from outside the builder.
    /// </summary>
    public static async Task<(ImageReference Name, bool AddsBuildpacks)> CreateAsync(
        Builder builder, BuildRequest request, IImageStore daemon, ImagePlatform platform, BuildResources resources, DaemonErrors errors, IBuildLog log, CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("bp-ephemeral-");
        try
        {
            var resolver = new BuildpackResolver(daemon, platform, scratch.FullName);
            var group = new List<GroupElement>();
            var added = new BuildpackSet();
            foreach (var given in request.Buildpacks)
            {
                var (element, layers) = await ResolveAsync(given, builder, request, resolver, cancellationToken).ConfigureAwait(false);
                foreach (var layer in layers.Where(l => builder.FindBuildpack(l.Id, l.Version) is null))
                {
                    if (!builder.Lifecycle.SupportsBuildpackApi(layer.Api))
                    {
                        throw CodedException.Of(Messages.InvalidBuildpack, given, $"it implements Buildpack API {layer.Api}, which the builder's lifecycle {builder.Lifecycle.Version} does not support ({string.Join(", ", builder.Lifecycle.Buildpack.Supported)}).");
                    }
                }

                added.AddRange(layers.Where(l => builder.FindBuildpack(l.Id, l.Version) is null));
                group.Add(element);
            }

            var order = new Order([new OrderGroup(group)]);
            var orderFile = await LayerWriter.WriteEntriesAsync(
                [LayerEntry.TextFile(BuilderFiles.Order.TrimStart('/'), OrderTomlText(order), LayerModes.File)],
                Path.Combine(scratch.FullName, "order.tar.gz"),
                new LayerWriteOptions(),
                cancellationToken).ConfigureAwait(false);

            var name = ImageReference.Parse($"buildpacks-msbuild.local/builder/{resources.BuildId}:latest");
            var image = builder.Image;
            var labels = new Dictionary<string, string>(image.Labels, StringComparer.Ordinal) { [BuildResources.BuildLabel] = resources.BuildId };
            var write = new ImageWriteRequest
            {
                Tags = [name],
                Config = image.Config with { Config = image.Config.Config with { Labels = labels } },
                Layers = [.. image.Layers.Select(l => LayerToWrite.From(image, l)), .. added.Buildpacks.Select(b => b.Layer), orderFile.ToLayerToWrite()],
            };
            log.Progress($"Creating ephemeral builder {name} with buildpacks {string.Join(", ", group.Select(g => $"{g.Id}@{g.Version}"))}");
            resources.AddImage(name.ToString());
            try
            {
                await daemon.WriteImageAsync(write, cancellationToken).ConfigureAwait(false);
            }
            catch (ImageException e)
            {
                throw errors.Map(e, $"load the ephemeral builder {name}");
            }

            return (name, added.Buildpacks.Count > 0);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    // id[@version] of a buildpack the builder has; else a directory, archive, package file or image.
    private static async Task<(GroupElement Element, IReadOnlyList<BuildpackLayer> Layers)> ResolveAsync(
        string given, Builder builder, BuildRequest request, BuildpackResolver resolver, CancellationToken cancellationToken)
    {
        var isImage = given.StartsWith("docker://", StringComparison.OrdinalIgnoreCase);
        if (!isImage && FromBuilder(given, builder) is { } inBuilder)
        {
            return (new GroupElement(inBuilder.Id, inBuilder.Version), []);
        }

        BuildpackLocation location;
        try
        {
            location = BuildpackLocation.Parse(given, request.ProjectDirectory ?? Environment.CurrentDirectory);
        }
        catch (FormatException e)
        {
            // Neither a buildpack of the builder nor an existing path or image name: most likely an id@version typo.
            throw CodedException.Because(e, Messages.BuildpackNotInBuilder, request.Builder, given, string.Join(", ", builder.Buildpacks.Select(b => b.ToString())));
        }

        if (location.Kind == BuildpackLocationKind.Image && !isImage && !given.Contains('/', StringComparison.Ordinal))
        {
            // A bare id the builder lacks reads as an image name, but the user meant a buildpack of the builder.
            throw CodedException.Of(Messages.BuildpackNotInBuilder, request.Builder, given, string.Join(", ", builder.Buildpacks.Select(b => b.ToString())));
        }

        IReadOnlyList<BuildpackLayer> layers;
        try
        {
            layers = await resolver.ResolveAsync(location, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is BuildpackException or PlatformException or ImageException or IOException)
        {
            throw CodedException.Because(e, Messages.InvalidBuildpack, given, e.Message);
        }

        // A package's first buildpack is what it offers (a composite's components follow it).
        var top = layers.Count > 0 ? layers[0] : throw CodedException.Of(Messages.InvalidBuildpack, given, "it holds no buildpack.");
        return (new GroupElement(top.Id, top.Version), layers);
    }

    // order.toml (Platform API, "order.toml"): [[order]] tables of [[order.group]] elements with id and version.
    private static string OrderTomlText(Order order)
    {
        var text = new System.Text.StringBuilder();
        foreach (var group in order.Groups)
        {
            text.Append("[[order]]\n");
            foreach (var element in group.Elements)
            {
                text.Append("\n  [[order.group]]\n")
                    .Append("    id = ").Append(Quote(element.Id)).Append('\n')
                    .Append("    version = ").Append(Quote(element.Version)).Append('\n');
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static BuildpackLayer? FromBuilder(string given, Builder builder)
    {
        var at = given.LastIndexOf('@');
        var id = at > 0 ? given[..at] : given;
        var version = at > 0 ? given[(at + 1)..] : null;
        var candidates = builder.Buildpacks.Where(b => b.Id == id && (version is null || b.Version == version)).ToList();
        return candidates.Count switch
        {
            0 => null,
            1 => candidates[0],
            _ => throw CodedException.Of(Messages.InvalidBuildpack, given, $"the builder has versions {string.Join(", ", candidates.Select(c => c.Version))} of it; say which (id@version)."),
        };
    }
}
