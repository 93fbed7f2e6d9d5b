using System.Text.Json.Serialization;

namespace Buildpacks.Platform.Labels;

// The JSON shapes of the builder and buildpack labels, field for field as pack writes them (pack pkg/dist and
// internal/builder). Optional fields are null when absent so the writer omits them, as Go's omitempty does.

/// <summary><c>io.buildpacks.buildpack.layers</c>: id → version → layer info.</summary>
internal sealed class ModuleLayerJson
{
    [JsonPropertyName("api")] public string? Api { get; set; }
    [JsonPropertyName("stacks")] public List<StackJson>? Stacks { get; set; }
    [JsonPropertyName("targets")] public List<TargetJson>? Targets { get; set; }
    [JsonPropertyName("order")] public List<OrderEntryJson>? Order { get; set; }
    [JsonPropertyName("layerDiffID")] public string LayerDiffId { get; set; } = "";
    [JsonPropertyName("homepage")] public string? Homepage { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
}

/// <summary>A deprecated stack a buildpack supports.</summary>
internal sealed class StackJson
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("mixins")] public List<string>? Mixins { get; set; }
}

/// <summary>A target a buildpack supports; pack writes the variant as <c>variant</c>.</summary>
internal sealed class TargetJson
{
    [JsonPropertyName("os")] public string Os { get; set; } = "";
    [JsonPropertyName("arch")] public string Arch { get; set; } = "";
    [JsonPropertyName("variant")] public string? Variant { get; set; }
    [JsonPropertyName("distros")] public List<DistroJson>? Distros { get; set; }
}

/// <summary>A distribution of a target.</summary>
internal sealed class DistroJson
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("version")] public string? Version { get; set; }
}

/// <summary>One group of an order.</summary>
internal sealed class OrderEntryJson
{
    [JsonPropertyName("group")] public List<ModuleRefJson> Group { get; set; } = [];
}

/// <summary>A buildpack in an order group; <c>optional</c> only when true.</summary>
internal sealed class ModuleRefJson
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("version")] public string? Version { get; set; }
    [JsonPropertyName("optional")] public bool? Optional { get; set; }
}

/// <summary>A buildpack as the builder metadata lists it.</summary>
internal sealed class ModuleInfoJson
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("version")] public string? Version { get; set; }
    [JsonPropertyName("homepage")] public string? Homepage { get; set; }
}

/// <summary><c>io.buildpacks.builder.metadata</c>.</summary>
internal sealed class BuilderMetadataJson
{
    [JsonPropertyName("description")] public string Description { get; set; } = "";
    [JsonPropertyName("buildpacks")] public List<ModuleInfoJson> Buildpacks { get; set; } = [];
    [JsonPropertyName("stack")] public StackMetadataJson Stack { get; set; } = new();
    [JsonPropertyName("lifecycle")] public LifecycleMetadataJson Lifecycle { get; set; } = new();
    [JsonPropertyName("createdBy")] public CreatorJson CreatedBy { get; set; } = new();
    [JsonPropertyName("images")] public List<RunImageJson>? Images { get; set; }
}

/// <summary>The deprecated single run image of the builder metadata.</summary>
internal sealed class StackMetadataJson
{
    [JsonPropertyName("runImage")] public RunImageJson RunImage { get; set; } = new();
}

/// <summary>A run image and its mirrors.</summary>
internal sealed class RunImageJson
{
    [JsonPropertyName("image")] public string Image { get; set; } = "";
    [JsonPropertyName("mirrors")] public List<string>? Mirrors { get; set; }
}

/// <summary>The lifecycle in the builder metadata: version, the deprecated single APIs, and the supported API lists.</summary>
internal sealed class LifecycleMetadataJson
{
    [JsonPropertyName("version")] public string? Version { get; set; }
    [JsonPropertyName("api")] public LifecycleApiJson? Api { get; set; }
    [JsonPropertyName("apis")] public LifecycleApisJson? Apis { get; set; }
}

/// <summary>The deprecated single Buildpack and Platform API of a lifecycle.</summary>
internal sealed class LifecycleApiJson
{
    [JsonPropertyName("buildpack")] public string? Buildpack { get; set; }
    [JsonPropertyName("platform")] public string? Platform { get; set; }
}

/// <summary>The API lists of a lifecycle (also the whole of <c>io.buildpacks.lifecycle.apis</c>).</summary>
internal sealed class LifecycleApisJson
{
    [JsonPropertyName("buildpack")] public ApiSetJson Buildpack { get; set; } = new();
    [JsonPropertyName("platform")] public ApiSetJson Platform { get; set; } = new();
}

/// <summary>Deprecated and supported versions of one API.</summary>
internal sealed class ApiSetJson
{
    [JsonPropertyName("deprecated")] public List<string> Deprecated { get; set; } = [];
    [JsonPropertyName("supported")] public List<string> Supported { get; set; } = [];
}

/// <summary>What made the builder.</summary>
internal sealed class CreatorJson
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("version")] public string Version { get; set; } = "";
}

/// <summary><c>io.buildpacks.buildpackage.metadata</c>.</summary>
internal sealed class BuildpackageMetadataJson
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("version")] public string? Version { get; set; }
    [JsonPropertyName("homepage")] public string? Homepage { get; set; }
    [JsonPropertyName("stacks")] public List<StackJson>? Stacks { get; set; }
    [JsonPropertyName("targets")] public List<TargetJson>? Targets { get; set; }
}
