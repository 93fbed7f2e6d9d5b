using Buildpacks.Images;
using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// Builders' <c>/cnb</c> trees kept on this machine, one per builder image ID (the config digest, the same whichever
/// store the builder came from) under <c>&lt;root&gt;/&lt;hex&gt;</c>: extracted once, reused by every later build with no
/// layer read. A tree is written into a temporary sibling and renamed into place, so a tree that exists is complete
/// and concurrent builds of the same builder are safe (the loser of the race drops its copy).
/// </summary>
/// <param name="root">The directory holding the trees (e.g. <c>~/.cache/buildpacks-msbuild/builders</c>).</param>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BuilderTreeCache(string root)
{
    /// <summary>The directory holding the trees.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Where <paramref name="builder"/>'s tree is (or would be).</summary>
    public string PathOf(Builder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Path.Combine(Root, builder.Image.ImageId.Hex);
    }

    /// <summary>The tree of <paramref name="builder"/> when it is already on this machine; null otherwise.</summary>
    public BuilderFileTree? TryGet(Builder builder) => Directory.Exists(PathOf(builder)) ? new BuilderFileTree(PathOf(builder)) : null;

    /// <summary>The tree of <paramref name="builder"/>, extracted from its layers (base first) when not on this machine yet.</summary>
    /// <exception cref="CodedException">BP1207 when the layers cannot be read or written.</exception>
    public async Task<BuilderFileTree> GetOrExtractAsync(Builder builder, IBuildLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(log);
        if (TryGet(builder) is { } cached)
        {
            return cached;
        }

        var final = PathOf(builder);
        var temporary = Path.Combine(Root, $".partial-{builder.Image.ImageId.Hex[..12]}-{Guid.NewGuid():N}");
        log.Progress($"Extracting the buildpacks of {builder.Image.Reference} ({builder.Image.Layers.Count} layers) into {final}");
        try
        {
            Directory.CreateDirectory(temporary);
            var image = builder.Image;
            foreach (var layer in image.Layers)
            {
                var blob = await image.Store.OpenLayerAsync(image, layer, cancellationToken).ConfigureAwait(false);
                await CnbTreeExtractor.ExtractAsync(blob, temporary, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                Directory.Move(temporary, final);
            }
            catch (IOException) when (Directory.Exists(final))
            {
                // Another build extracted the same builder meanwhile; its tree is as good as ours.
            }

            return new BuilderFileTree(final);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ImageException or InvalidDataException)
        {
            throw CodedException.Because(e, Messages.LocalBuilderUnreadable, builder.Image.Reference, e.Message);
        }
        finally
        {
            ScratchDirectory.TryDelete(temporary);
        }
    }
}
