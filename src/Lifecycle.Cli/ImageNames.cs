using Buildpacks.Images.References;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Platform;
using Buildpacks.Lifecycle.Toml;

namespace Buildpacks.Lifecycle.Cli;

/// <summary>Image names from arguments and platform files, for the image phases; a malformed name is an argument error (exit 3).</summary>
internal static class ImageNames
{
    /// <summary>Parses <paramref name="name"/>.</summary>
    /// <exception cref="LifecycleException">Exit code 3 when it is not an image reference.</exception>
    public static ImageReference Parse(string name, string what) =>
        ImageReference.TryParse(name, out var reference)
            ? reference!
            : throw new LifecycleException(LifecycleExitCodes.InvalidArguments, $"failed to parse arguments: invalid {what} '{name}'");

    /// <summary>Parses every name.</summary>
    public static IReadOnlyList<ImageReference> ParseAll(IEnumerable<string> names, string what) => names.Select(n => Parse(n, what)).ToList();

    /// <summary>Parses a name that may be absent.</summary>
    public static ImageReference? ParseOptional(string? name, string what) => name is null ? null : Parse(name, what);

    /// <summary>Exactly one <c>&lt;image&gt;</c> argument, then every <c>-tag</c> (analyzer, creator).</summary>
    /// <exception cref="LifecycleException">Exit code 3 for another number of arguments or a malformed name.</exception>
    public static IReadOnlyList<ImageReference> SingleWithTags(PhaseInputs inputs) =>
        [Single(inputs), .. ParseAll(inputs.GetAll("tag", null), "tag")];

    /// <summary>No <c>&lt;image&gt;</c> argument (restorer).</summary>
    /// <exception cref="LifecycleException">Exit code 3 when there is one.</exception>
    public static void None(PhaseInputs inputs)
    {
        if (inputs.Positional.Count > 0)
        {
            throw new LifecycleException(
                LifecycleExitCodes.InvalidArguments,
                $"failed to parse arguments: received unexpected arguments: {string.Join(" ", inputs.Positional)}");
        }
    }

    /// <summary>One or more <c>&lt;image&gt;</c> arguments (exporter, rebaser).</summary>
    /// <exception cref="LifecycleException">Exit code 3 when there is none.</exception>
    public static IReadOnlyList<ImageReference> AtLeastOne(PhaseInputs inputs) =>
        inputs.Positional.Count > 0
            ? ParseAll(inputs.Positional, "image")
            : throw new LifecycleException(LifecycleExitCodes.InvalidArguments, "failed to parse arguments: at least one image argument is required");

    /// <summary>
    /// Every image an analyzing phase (analyzer, creator) may read or write, for the keychain: the names, the previous
    /// image, the cache image, the run image given or else those run.toml offers.
    /// </summary>
    /// <exception cref="LifecycleException">Exit code 3 when the run image given is not an image reference.</exception>
    public static IReadOnlyList<ImageReference> Known(LifecycleInputs inputs, ImageReference? cacheImage) =>
    [
        .. inputs.Tags,
        .. new[] { inputs.PreviousImage, cacheImage, ParseOptional(inputs.RunImage, "run image") }.OfType<ImageReference>(),
        .. FromRunToml(inputs.RunPath),
    ];

    /// <summary>The images run.toml names (for the keychain); none when it is missing or unreadable, which the analyzer reports itself.</summary>
    public static IEnumerable<ImageReference> FromRunToml(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return [];
        }

        try
        {
            return RunToml.Read(path).SelectMany(e => e.Names).Select(n => ImageReference.TryParse(n, out var r) ? r : null).OfType<ImageReference>().ToList();
        }
        catch (TomlFileException)
        {
            return [];
        }
    }

    /// <summary>analyzed.toml, or a failure with the phase's exit code.</summary>
    /// <exception cref="LifecycleException"><paramref name="exitCode"/> when it cannot be read.</exception>
    public static Analysis ReadAnalyzed(string path, int exitCode)
    {
        try
        {
            return AnalyzedToml.Read(path);
        }
        catch (Exception e) when (e is TomlFileException or IOException)
        {
            throw new LifecycleException(exitCode, $"failed to read analyzed metadata {path}: {e.Message}", e);
        }
    }

    private static ImageReference Single(PhaseInputs inputs) =>
        inputs.Positional.Count == 1
            ? Parse(inputs.Positional[0], "image")
            : throw new LifecycleException(
                LifecycleExitCodes.InvalidArguments,
                $"failed to parse arguments: received {inputs.Positional.Count} arguments, but expected 1");
}
