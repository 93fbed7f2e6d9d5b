using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Buildpacks.Lifecycle.Metadata;

/// <summary>Writes and reads the labels the exporter adds besides <see cref="LayersMetadata"/>.</summary>
public static class ExportLabelJson
{
    // As LabelJson: labels are read by people and tools, so '+', '<' and the like are written as themselves.
    private static readonly ExportLabelJsonContext Context = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>The <c>io.buildpacks.build.metadata</c> value.</summary>
    public static string Serialize(BuildMetadataLabel label) => JsonSerializer.Serialize(label, Context.BuildMetadataLabel);

    /// <summary>The <c>io.buildpacks.project.metadata</c> value.</summary>
    public static string Serialize(ProjectMetadataLabel label) => JsonSerializer.Serialize(label, Context.ProjectMetadataLabel);

    /// <summary>Parses an <c>io.buildpacks.build.metadata</c> value; null when missing or undecodable.</summary>
    public static BuildMetadataLabel? TryParseBuildMetadata(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(label, Context.BuildMetadataLabel);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Source-generated JSON for the exporter's labels (NativeAOT-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(BuildMetadataLabel))]
[JsonSerializable(typeof(ProjectMetadataLabel))]
internal sealed partial class ExportLabelJsonContext : JsonSerializerContext
{
}
