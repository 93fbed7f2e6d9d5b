using Buildpacks.Images;
using Buildpacks.Images.Layers;
using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// Builders' file systems kept on this machine, one per builder image ID (the config digest, the same whichever store
/// the builder came from) under <c>&lt;root&gt;/&lt;hex&gt;</c>: extracted once, reused by every later build with no layer
/// read. A file system is written into a temporary sibling and renamed into place, so one that exists is complete and
/// concurrent builds of the same builder are safe (the loser of the race drops its copy). Extracted as the user who
/// runs the build, owner kept nowhere: inside the sandbox every file is the build user's, and the sandbox mounts it
/// read-only, as a build user finds the image's files in a container (not writable but where the image lets it).
/// </summary>
/// <param name="root">The directory holding the file systems (e.g. <c>~/.cache/buildpacks-msbuild/builder-roots</c>).</param>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BuilderRootCache(string root)
{
    private const string PartialPrefix = ".partial-";
    private const string LockSuffix = ".lock";
    private static readonly LayerExtractOptions Extraction = new() { AllowAbsoluteSymlinks = true, OwnerMayWriteDirectories = true };

    /// <summary>The directory holding the file systems.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Where <paramref name="builder"/>'s file system is (or would be).</summary>
    public string PathOf(Builder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Path.Combine(Root, builder.Image.ImageId.Hex);
    }

    /// <summary>The file system of <paramref name="builder"/> when it is already on this machine; null otherwise.</summary>
    public BuilderRoot? TryGet(Builder builder) => Directory.Exists(PathOf(builder)) ? new BuilderRoot(PathOf(builder)) : null;

    /// <summary>
    /// The file system of <paramref name="builder"/>, extracted from its layers (base first) when not on this machine
    /// yet. Callers in this process share one extraction of a builder (the publish's early preparation starts it,
    /// the image step joins it); <paramref name="cancellationToken"/> stops the wait, and the extraction too when that
    /// caller is the last one waiting for it.
    /// </summary>
    /// <exception cref="CodedException">BP8006 when the layers cannot be read or written.</exception>
    public async Task<BuilderRoot> GetOrExtractAsync(Builder builder, IBuildLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(log);
        if (TryGet(builder) is { } cached)
        {
            return cached;
        }

        var final = PathOf(builder);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (extraction, joined) = InFlightExtraction.Join(final, token => ExtractAsync(builder, final, token));
        log.Progress(joined
            ? $"Waiting for the file system of {builder.Image.Reference}, being extracted into {final} since {extraction.Started:HH:mm:ss.f}"
            : $"Extracting the file system of {builder.Image.Reference} ({builder.Image.Layers.Count} layers) into {final}, once for this builder");
        var root = await extraction.WaitAsync(cancellationToken).ConfigureAwait(false);
        log.Progress($"Extracted the file system of {builder.Image.Reference} in {(DateTimeOffset.Now - extraction.Started).TotalSeconds:0.0} s"
            + (joined ? $" (waited {started.Elapsed.TotalSeconds:0.0} s)" : ""));
        return root;
    }

    /// <summary>
    /// Starts extracting <paramref name="builder"/>'s file system unless it is on this machine or being extracted, and
    /// returns without waiting: for the publish's early preparation. The extraction goes on until it ends, a caller of
    /// <see cref="GetOrExtractAsync"/> that joined it stops waiting, or the process exits.
    /// </summary>
    /// <returns>The extraction's outcome; completed when there is nothing to do.</returns>
    public Task StartExtracting(Builder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (TryGet(builder) is not null)
        {
            return Task.CompletedTask;
        }

        var final = PathOf(builder);
        return InFlightExtraction.Join(final, token => ExtractAsync(builder, final, token)).Extraction.Completion;
    }

    private async Task<BuilderRoot> ExtractAsync(Builder builder, string final, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(Root, $"{PartialPrefix}{builder.Image.ImageId.Hex[..12]}-{Guid.NewGuid():N}");
        FileStream? held = null;
        try
        {
            Directory.CreateDirectory(Root);
            held = HoldWhileWriting(temporary);
            RemoveAbandonedCopies();
            Directory.CreateDirectory(temporary);
            var image = builder.Image;
            foreach (var layer in image.Layers)
            {
                var blob = await image.Store.OpenLayerAsync(image, layer, cancellationToken).ConfigureAwait(false);
                await using (blob.ConfigureAwait(false))
                {
                    await LayerExtractor.ExtractDecompressingAheadAsync(blob, temporary, Extraction, cancellationToken).ConfigureAwait(false);
                }
            }

            try
            {
                Directory.Move(temporary, final);
            }
            catch (IOException) when (Directory.Exists(final))
            {
                // Another build extracted the same builder meanwhile; its file system is as good as ours.
            }

            return new BuilderRoot(final);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ImageException or InvalidDataException)
        {
            // Its compressed layers are the least the file system must hold (BP4010 says so when it is full).
            e.Data[FullFileSystem.NeededKey] = builder.Image.Manifest.Layers.Sum(l => l.Size);
            throw CodedException.Because(e, Messages.LocalBuilderUnreadable, builder.Image.Reference, e.Message);
        }
        finally
        {
            ScratchDirectory.TryDelete(temporary);
            held?.Dispose();
        }
    }

    // A partial copy's lock (<copy>.lock, flock through FileShare.None) is held while the copy is written and goes with
    // it; a copy whose lock nobody holds was left by a process that died mid-way (SIGKILL, power loss), and is removed
    // by the next extraction: hundreds of megabytes that no build would ever use.
    private static FileStream HoldWhileWriting(string copy) =>
        new(copy + LockSuffix, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);

    private void RemoveAbandonedCopies()
    {
        foreach (var copy in Directory.EnumerateDirectories(Root, PartialPrefix + "*"))
        {
            var lockPath = copy + LockSuffix;
            if (!File.Exists(lockPath))
            {
                // Between a lock's creation and its copy's, or left by a version that took no lock: only when old.
                if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(copy) > TimeSpan.FromDays(1))
                {
                    ScratchDirectory.TryDelete(copy);
                }

                continue;
            }

            try
            {
                using (new FileStream(lockPath, FileMode.Open, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
                {
                    ScratchDirectory.TryDelete(copy);
                }
            }
            catch (IOException)
            {
                // Held: another build is writing that copy.
            }
        }
    }
}
