using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Platform.Buildpacks;

namespace Buildpacks.Platform.Builders;

/// <summary>
/// A builder definition: pack's <c>builder.toml</c>, with the deprecated <c>[stack]</c> merged into <c>[build]</c> and
/// <c>[run]</c> the way pack does (RFC 0096), and relative paths resolved against the file.
/// </summary>
public sealed record BuilderConfig
{
    /// <summary>The file it was read from (empty when made in code).</summary>
    public string FilePath { get; init; } = "";

    /// <summary><c>description</c>.</summary>
    public string Description { get; init; } = "";

    /// <summary><c>[[buildpacks]]</c>: where each buildpack (or package of buildpacks) comes from.</summary>
    public IReadOnlyList<BuilderBuildpack> Buildpacks { get; init; } = [];

    /// <summary><c>[[order]]</c>.</summary>
    public Order Order { get; init; } = Order.Empty;

    /// <summary><c>[build] image</c> (or <c>[stack] build-image</c>).</summary>
    public required string BuildImage { get; init; }

    /// <summary><c>[[run.images]]</c> (or <c>[stack] run-image</c>, <c>run-image-mirrors</c>); the first is the default.</summary>
    public required IReadOnlyList<RunImage> RunImages { get; init; }

    /// <summary><c>[stack] id</c>, the deprecated stack id, when given.</summary>
    public string? StackId { get; init; }

    /// <summary><c>[lifecycle]</c>.</summary>
    public LifecycleConfig Lifecycle { get; init; } = new(null, null);

    /// <summary><c>[[targets]]</c>.</summary>
    public IReadOnlyList<TargetMetadata> Targets { get; init; } = [];

    /// <summary><c>[[build.env]]</c>: files for <c>/cnb/build-config/env</c>.</summary>
    public IReadOnlyList<BuildConfigEnv> BuildEnv { get; init; } = [];
}

/// <summary>One <c>[[buildpacks]]</c> entry.</summary>
/// <param name="Id">The id it is expected to have, when given.</param>
/// <param name="Version">The version it is expected to have, when given.</param>
/// <param name="Location">Where it comes from (<c>uri</c> or <c>image</c>).</param>
public sealed record BuilderBuildpack(string? Id, string? Version, BuildpackLocation Location);

/// <summary>A run image and its mirrors (<c>run.toml</c> <c>[[images]]</c>).</summary>
/// <param name="Image">The image reference.</param>
/// <param name="Mirrors">Other references of the same image.</param>
public sealed record RunImage(string Image, IReadOnlyList<string> Mirrors)
{
    /// <inheritdoc />
    public bool Equals(RunImage? other) => other is not null && Image == other.Image && Mirrors.SequenceEqual(other.Mirrors);

    /// <inheritdoc />
    public override int GetHashCode() => Image.GetHashCode(StringComparison.Ordinal);
}

/// <summary><c>[lifecycle]</c>: a version, or a uri of lifecycle binaries.</summary>
/// <param name="Version">The lifecycle version to record; null to take it from the binaries.</param>
/// <param name="Path">The absolute path <c>uri</c> names: a directory of binaries, a binary or a tarball.</param>
public sealed record LifecycleConfig(string? Version, string? Path);

/// <summary>
/// One <c>[[build.env]]</c> entry: the file <c>/cnb/build-config/env/&lt;name&gt;[.&lt;suffix&gt;]</c> holding
/// <paramref name="Value"/> (Platform API, "Build-config": the same modifiers as buildpack env files).
/// </summary>
/// <param name="Name">The variable name.</param>
/// <param name="Value">Its value.</param>
/// <param name="Suffix">Empty, <c>default</c>, <c>override</c>, <c>append</c> or <c>prepend</c>.</param>
/// <param name="Delim">The delimiter for append and prepend, written as <c>&lt;name&gt;.delim</c>.</param>
public sealed record BuildConfigEnv(string Name, string Value, string Suffix = "", string? Delim = null)
{
    /// <summary>The file name of the value.</summary>
    public string FileName => Suffix.Length == 0 ? Name : $"{Name}.{Suffix}";
}
