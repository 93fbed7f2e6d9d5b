using System.Text.Json.Serialization;

namespace Buildpacks.Images.Model;

/// <summary>An OCI image index or a Docker manifest list: one manifest per platform.</summary>
public sealed record ImageIndex
{
    /// <summary>Always 2.</summary>
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = 2;

    /// <summary>The index's own media type.</summary>
    [JsonPropertyName("mediaType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MediaType { get; init; }

    /// <summary>The manifests, each usually with a platform.</summary>
    [JsonPropertyName("manifests")]
    public required IReadOnlyList<Descriptor> Manifests { get; init; }

    /// <summary>Arbitrary annotations.</summary>
    [JsonPropertyName("annotations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>
    /// Picks the manifest for <paramref name="platform"/>: an exact variant match first, then an entry without a
    /// variant. Entries without a platform (attestations, artifacts) are never chosen.
    /// </summary>
    public Descriptor? SelectManifest(ImagePlatform platform)
    {
        var candidates = Manifests
            .Where(m => MediaTypes.IsManifest(m.MediaType) || MediaTypes.IsIndex(m.MediaType))
            .Where(m => m.Platform is not null && platform.Matches(m.Platform))
            .ToList();
        return candidates.FirstOrDefault(m => string.Equals(m.Platform!.Variant, platform.Variant, StringComparison.OrdinalIgnoreCase))
            ?? candidates.FirstOrDefault();
    }
}
