using System.Globalization;
using System.Text;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Toml;
using Buildpacks.Platform.Buildpacks;
using Buildpacks.Platform.Labels;
using Buildpacks.Images.Model;

namespace Buildpacks.Platform.Builders;

/// <summary>
/// Reads a builder image back into a <see cref="Builder"/>, from any store. The labels say nearly everything; files are
/// read from the layers only where the labels are silent (builders from older pack versions), and then only from the
/// layers that are not buildpacks, top first.
/// </summary>
public static class BuilderReader
{
    /// <summary>Reads the builder <paramref name="reference"/> names in <paramref name="store"/>.</summary>
    public static async Task<Builder> ReadAsync(IImageStore store, ImageReference reference, ImagePlatform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var image = await store.TryReadImageAsync(reference, platform, cancellationToken).ConfigureAwait(false)
            ?? throw new PlatformException($"The builder {reference} is not in {store.Description}; create or pull it there first, or fix the builder name.");
        return await ReadAsync(image, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the builder in <paramref name="image"/>.</summary>
    public static async Task<Builder> ReadAsync(StoredImage image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var name = image.Reference.ToString();
        var metadata = LabelJson.Read(image.Labels, LabelNames.BuilderMetadata, LabelJsonContext.Default.BuilderMetadataJson, name)
            ?? throw new PlatformException($"The image {name} is not a builder: it has no {LabelNames.BuilderMetadata} label. Use a builder image (made with CreateBuildpackBuilder or 'pack builder create').");
        var buildpacks = BuildpackLayersLabel.Read(image);
        var buildpackDiffIds = buildpacks.Select(b => b.DiffId).ToHashSet();
        var otherLayersTopFirst = image.Layers.Reverse().Where(l => !buildpackDiffIds.Contains(l.DiffId)).ToList();

        var orderLabel = LabelJson.Read(image.Labels, LabelNames.BuildpackOrder, LabelJsonContext.Default.ListOrderEntryJson, name);
        var order = orderLabel is not null
            ? OrderJson.FromJson(orderLabel)
            : await ReadTomlFileAsync(image, otherLayersTopFirst, BuilderFiles.Order, OrderToml.Read, cancellationToken).ConfigureAwait(false) ?? Order.Empty;

        var runImages = metadata.Images is { Count: > 0 } images
            ? images.Select(BuilderMetadataLabel.FromJson).ToList()
            : metadata.Stack.RunImage.Image.Length > 0
                ? [BuilderMetadataLabel.FromJson(metadata.Stack.RunImage)]
                : await ReadTomlFileAsync(image, otherLayersTopFirst, BuilderFiles.Run, BuilderTomlFiles.ReadRun, cancellationToken).ConfigureAwait(false) ?? [];

        var lifecycle = BuilderMetadataLabel.LifecycleFromJson(metadata.Lifecycle.Version, metadata.Lifecycle.Apis, metadata.Lifecycle.Api)
            ?? (LabelJson.Read(image.Labels, LabelNames.LifecycleApis, LabelJsonContext.Default.LifecycleApisJson, name) is { } apis
                ? BuilderMetadataLabel.LifecycleFromJson(metadata.Lifecycle.Version, apis, null)
                : null)
            ?? WithVersion(await ReadTomlFileAsync(image, otherLayersTopFirst, BuilderFiles.LifecycleDescriptor, LifecycleBinaries.ReadDescriptor, cancellationToken).ConfigureAwait(false), metadata.Lifecycle.Version)
            ?? throw new PlatformException($"The builder {name} does not say which Buildpack and ImagePlatform APIs its lifecycle supports (no lifecycle APIs in its labels, no {BuilderFiles.LifecycleDescriptor}); recreate the builder.");

        var env = image.Config.Config;
        return new Builder
        {
            Image = image,
            Description = metadata.Description,
            Buildpacks = buildpacks,
            Order = order,
            RunImages = runImages,
            Lifecycle = lifecycle,
            CreatedBy = new BuilderCreator(metadata.CreatedBy.Name, metadata.CreatedBy.Version),
            UserId = UserOrGroup(env.GetEnv(BuilderFiles.UserIdVariable), BuilderFiles.UserIdVariable, name),
            GroupId = UserOrGroup(env.GetEnv(BuilderFiles.GroupIdVariable), BuilderFiles.GroupIdVariable, name),
            StackId = image.Labels.GetValueOrDefault(LabelNames.StackId) ?? env.GetEnv(BuilderFiles.StackIdVariable),
            HasImageExtensions = OrdersExtensions(image.Labels.GetValueOrDefault(LabelNames.OrderExtensions)),
        };
    }

    /// <summary>
    /// The build-config env files of <paramref name="builder"/> (file name → value, e.g. <c>BP_X.append</c>), which only
    /// its layers hold. Only the layers above the buildpacks are read, where builders put them.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadBuildConfigEnvAsync(Builder builder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var buildpackDiffIds = builder.Buildpacks.Select(b => b.DiffId).ToHashSet();
        var layers = builder.Image.Layers;
        var lastBuildpack = layers.Select((l, i) => (l, i)).LastOrDefault(x => buildpackDiffIds.Contains(x.l.DiffId)).i;
        var above = layers.Skip(lastBuildpack + 1).Reverse().ToList();
        var files = await ImageFileReader.ReadDirectoryAsync(builder.Image, above, BuilderFiles.BuildConfigEnv, cancellationToken).ConfigureAwait(false);
        return files.ToDictionary(f => f.Key, f => Encoding.UTF8.GetString(f.Value), StringComparer.Ordinal);
    }

    private static async Task<T?> ReadTomlFileAsync<T>(StoredImage image, IEnumerable<ImageLayer> layers, string path, Func<string, T> read, CancellationToken cancellationToken)
        where T : class
    {
        var bytes = await ImageFileReader.ReadFileAsync(image, layers, path, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        // The lifecycle's readers take a file; the copy lives only as long as the read.
        var file = Path.Combine(Path.GetTempPath(), $"bp-builder-{Guid.NewGuid():N}-{Path.GetFileName(path)}");
        await File.WriteAllBytesAsync(file, bytes, cancellationToken).ConfigureAwait(false);
        try
        {
            return read(file);
        }
        catch (Exception e) when (e is TomlFileException or ConfigFileException)
        {
            throw new PlatformException($"The builder {image.Reference} has an invalid {path}: {e.Message}", e);
        }
        finally
        {
            File.Delete(file);
        }
    }

    // pack writes the label whenever it writes order.toml: "[]" or "null" when the order has no extension group.
    private static bool OrdersExtensions(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return false;
        }

        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(label);
            return json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array
                && json.RootElement.EnumerateArray().Any(entry => entry.ValueKind == System.Text.Json.JsonValueKind.Object
                    && entry.TryGetProperty("group", out var group) && group.ValueKind == System.Text.Json.JsonValueKind.Array && group.GetArrayLength() > 0);
        }
        catch (System.Text.Json.JsonException)
        {
            // Unreadable: it says there are extensions, and the build cannot honour them.
            return true;
        }
    }

    // The metadata's version is what the builder's maker recorded; lifecycle.toml only fills in the APIs.
    private static LifecycleDescriptor? WithVersion(LifecycleDescriptor? descriptor, string? version) =>
        descriptor is not null && !string.IsNullOrEmpty(version) ? descriptor with { Version = version } : descriptor;

    private static int UserOrGroup(string? value, string variable, string image) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new PlatformException($"The builder {image} does not set {variable} to a number ('{value}'); a builder must say which non-root user builds run as.");
}
