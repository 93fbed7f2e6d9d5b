using System.Text;
using System.Text.Json;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Layering;

/// <summary>
/// The layers index: a small JSON file, <c>&lt;App&gt;.layers.json</c>, that the image step writes into the publish
/// directory (the app directory of the build) and that a buildpack turns into launch.toml <c>[[slices]]</c>, one image
/// layer per group, so that a code change makes only the app's layer new (the idea of Spring Boot's layers.idx). It
/// names the app and the publish directory's files by group, least often changed first; docs/layers.md describes the
/// format. The same inputs give the same bytes.
/// </summary>
public sealed record LayersIndex
{
    /// <summary>The version of the format; a reader refuses a higher one.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The .NET runtime of a self-contained app.</summary>
    public const string RuntimeGroup = "runtime";

    /// <summary>The NuGet packages' assets.</summary>
    public const string PackagesGroup = "packages";

    /// <summary>Everything else: the project's own outputs, content and configuration.</summary>
    public const string AppGroup = "app";

    /// <summary>What the index file of an app is called after: <c>&lt;App&gt;.layers.json</c>.</summary>
    public const string FileSuffix = ".layers.json";

    /// <summary>The groups the index always has; a user's group takes another name.</summary>
    public static IReadOnlySet<string> BuiltInGroups { get; } = new HashSet<string>(StringComparer.Ordinal) { RuntimeGroup, PackagesGroup, AppGroup };

    /// <summary>The app.</summary>
    public required PublishedApp App { get; init; }

    /// <summary>The groups in layer order: runtime, packages, the user's groups, app.</summary>
    public required IReadOnlyList<LayerGroup> Layers { get; init; }

    /// <summary>The index's file name for <paramref name="app"/>.</summary>
    public static string FileName(string app) => app + FileSuffix;

    /// <summary>
    /// The index of a publish directory holding <paramref name="paths"/>, sorted into groups as
    /// <see cref="PublishedFileGroups"/> says from what <paramref name="origins"/> (MSBuild's ResolvedFileToPublish)
    /// tell of them; the index file itself is in the app group.
    /// </summary>
    /// <exception cref="CodedException">BP1082 when two groups of <paramref name="custom"/> share a name.</exception>
    public static LayersIndex Create(
        PublishedApp app,
        IEnumerable<string> paths,
        IEnumerable<PublishedFile> origins,
        IEnumerable<string> runtimePacks,
        IReadOnlyList<CustomLayer> custom)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(custom);
        if (custom.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw CodedException.Of(Messages.DuplicateLayerName, twice.Key);
        }

        var layers = PublishedFileGroups.Sort(paths.Append(FileName(app.Name)), origins, runtimePacks, custom);
        return new LayersIndex { App = app, Layers = layers };
    }

    /// <summary>The index as UTF-8 JSON: two-space indented, keys in a fixed order, a newline at the end.</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", SchemaVersion);
            json.WriteString("app", App.Name);
            json.WriteBoolean("selfContained", App.SelfContained);
            json.WriteBoolean("singleFile", App.SingleFile);
            json.WriteStartArray("frameworks");
            foreach (var framework in App.Frameworks)
            {
                json.WriteStartObject();
                json.WriteString("name", framework.Name);
                json.WriteString("version", framework.Version);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (App.RollForward is { Length: > 0 } rollForward)
            {
                json.WriteString("rollForward", rollForward);
            }

            json.WriteStartArray("layers");
            foreach (var layer in Layers)
            {
                json.WriteStartObject();
                json.WriteString("name", layer.Name);
                json.WriteStartArray("files");
                foreach (var file in layer.Files)
                {
                    json.WriteStringValue(file);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.ToArray();
    }

    /// <summary>
    /// Writes the index into <paramref name="publishDirectory"/> unless the file there already holds the same bytes (so
    /// an unchanged publish leaves it untouched); returns its path.
    /// </summary>
    public async Task<string> WriteToAsync(string publishDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publishDirectory);
        var path = Path.Combine(publishDirectory, FileName(App.Name));
        var bytes = ToJson();
        if (File.Exists(path) && new FileInfo(path).Length == bytes.Length
            && (await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false)).AsSpan().SequenceEqual(bytes))
        {
            return path;
        }

        Directory.CreateDirectory(publishDirectory);
        await File.WriteAllBytesAsync(path, bytes, cancellationToken).ConfigureAwait(false);
        return path;
    }

    /// <inheritdoc />
    public override string ToString() => Encoding.UTF8.GetString(ToJson());
}
