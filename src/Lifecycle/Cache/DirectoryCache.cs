using Buildpacks.Images.Model;
using Buildpacks.Lifecycle.Metadata;

namespace Buildpacks.Lifecycle.Cache;

/// <summary>
/// A cache directory (<c>-cache-dir</c> / <c>CNB_CACHE_DIR</c>) in the reference lifecycle's format
/// (lifecycle <c>cache/volume_cache.go</c>), so either lifecycle can use a cache volume the other wrote:
/// <list type="bullet">
/// <item><c>committed/sha256:&lt;hex&gt;.tar</c>: one plain tar per layer, named by diff ID with the colon;</item>
/// <item><c>committed/io.buildpacks.lifecycle.cache.metadata</c>: the <see cref="CacheMetadata"/> JSON;</item>
/// <item><c>staging/</c>: the new cache being built, emptied when the cache is opened;</item>
/// <item><c>committed-backup/</c>: the previous committed cache while a commit swaps the two.</item>
/// </list>
/// A commit is two renames (committed → committed-backup, staging → committed), rolled back if the second fails; a
/// process killed between them leaves committed-backup alone, which the next <see cref="Open"/> moves back.
/// </summary>
public sealed class DirectoryCache : ILayerCache
{
    private const string CommittedName = "committed";
    private const string StagingName = "staging";
    private const string BackupName = "committed-backup";

    private readonly object _commitLock = new();
    private bool _committed;

    private DirectoryCache(string directory)
    {
        Directory = directory;
    }

    /// <summary>The cache directory.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public string Name => Directory;

    /// <inheritdoc />
    public bool Exists => File.Exists(CommittedMetadataPath) || System.IO.Directory.EnumerateFiles(CommittedDirectory, "*.tar").Any();

    /// <summary>The committed cache: <c>&lt;dir&gt;/committed</c>.</summary>
    public string CommittedDirectory => Path.Combine(Directory, CommittedName);

    /// <summary>The new cache being built: <c>&lt;dir&gt;/staging</c>.</summary>
    public string StagingDirectory => Path.Combine(Directory, StagingName);

    /// <summary>Where the committed cache is parked during a commit: <c>&lt;dir&gt;/committed-backup</c>.</summary>
    public string BackupDirectory => Path.Combine(Directory, BackupName);

    private string CommittedMetadataPath => Path.Combine(CommittedDirectory, CacheMetadata.Label);

    /// <summary>
    /// Opens the cache in <paramref name="directory"/> (created if missing): recovers from a commit that was cut off,
    /// empties the staging directory and makes sure the committed one exists.
    /// </summary>
    /// <exception cref="CacheException">The directory cannot be prepared.</exception>
    public static DirectoryCache Open(string directory)
    {
        var cache = new DirectoryCache(Path.GetFullPath(directory));
        try
        {
            System.IO.Directory.CreateDirectory(cache.Directory);
            cache.RecoverInterruptedCommit();
            DeleteDirectory(cache.StagingDirectory);
            System.IO.Directory.CreateDirectory(cache.StagingDirectory);
            System.IO.Directory.CreateDirectory(cache.CommittedDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CacheException($"cannot open cache directory '{cache.Directory}': {e.Message}", e);
        }

        return cache;
    }

    /// <summary>The path of layer <paramref name="diffId"/> in <paramref name="directory"/>: <c>sha256:&lt;hex&gt;.tar</c>.</summary>
    public static string LayerPath(string directory, Digest diffId) => Path.Combine(directory, diffId + ".tar");

    /// <inheritdoc />
    public async Task<CacheMetadata> RetrieveMetadataAsync(CancellationToken cancellationToken)
    {
        try
        {
            return File.Exists(CommittedMetadataPath)
                ? CacheMetadataJson.Parse(await File.ReadAllTextAsync(CommittedMetadataPath, cancellationToken).ConfigureAwait(false))
                : CacheMetadata.Empty;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CacheException($"cannot read the metadata of cache '{Directory}': {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public Task<Stream> RetrieveLayerAsync(Digest diffId, CancellationToken cancellationToken)
    {
        var path = LayerPath(CommittedDirectory, diffId);
        try
        {
            return Task.FromResult<Stream>(CacheLayerFile.OpenRead(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CacheReadException($"failed to find cache layer with SHA '{diffId}'", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CacheReadException($"failed to read cache layer with SHA '{diffId}': {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public Task<bool> HasLayerAsync(Digest diffId, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(LayerPath(CommittedDirectory, diffId)));

    /// <inheritdoc />
    public async Task VerifyLayerAsync(Digest diffId, CancellationToken cancellationToken)
    {
        var layer = await RetrieveLayerAsync(diffId, cancellationToken).ConfigureAwait(false);
        Digest found;
        await using (layer.ConfigureAwait(false))
        {
            try
            {
                found = await Digest.ComputeAsync(layer, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new CacheReadException($"failed to read cache layer with SHA '{diffId}': {e.Message}", e);
            }
        }

        if (found != diffId)
        {
            throw new CacheReadException($"expected layer contents to have SHA '{diffId}'; found '{found}'");
        }
    }

    /// <inheritdoc />
    public async Task SetMetadataAsync(CacheMetadata metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        RequireNotCommitted();
        var path = Path.Combine(StagingDirectory, CacheMetadata.Label);
        try
        {
            await File.WriteAllTextAsync(path, CacheMetadataJson.Serialize(metadata), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CacheException($"cannot write the metadata of cache '{Directory}': {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public async Task AddLayerFileAsync(string layerFile, Digest diffId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(layerFile);
        RequireNotCommitted();
        var staged = LayerPath(StagingDirectory, diffId);
        if (File.Exists(staged))
        {
            return; // the same diff ID is the same content: nothing to rewrite
        }

        try
        {
            // Copied, never linked: the exporter may rewrite its layer file in place, which would change the cache.
            await CacheLayerFile.CopyAsPlainTarAsync(layerFile, staged, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // The layer's size says how much room the cache needed when the error is a full file system.
            var size = File.Exists(layerFile) ? $", {new FileInfo(layerFile).Length} bytes" : string.Empty;
            throw new CacheException($"caching layer ({diffId}{size}) from '{layerFile}' into '{Directory}': {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public Task ReuseLayerAsync(Digest diffId, CancellationToken cancellationToken)
    {
        RequireNotCommitted();
        var committed = LayerPath(CommittedDirectory, diffId);
        var staged = LayerPath(StagingDirectory, diffId);
        if (!File.Exists(committed))
        {
            throw new CacheReadException($"failed to find cache layer with SHA '{diffId}'");
        }

        try
        {
            // A hard link makes reuse free and survives the commit's renames (lc: os.Link committed → staging).
            if (!File.Exists(staged) && !HardLink.TryCreate(committed, staged))
            {
                File.Copy(committed, staged); // a file system without hard links: same bytes, own inode
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CacheException($"reusing layer ({diffId}): {e.Message}", e);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>
    /// An uncommitted staging directory is emptied (the next open would do it anyway) so that a failed export does
    /// not leave a copy of every new layer on disk; the committed cache is never touched here.
    /// </remarks>
    public void Dispose()
    {
        lock (_commitLock)
        {
            if (!_committed)
            {
                TryDeleteDirectory(StagingDirectory);
            }
        }
    }

    /// <inheritdoc />
    public Task CommitAsync(CancellationToken cancellationToken)
    {
        lock (_commitLock)
        {
            RequireNotCommitted();
            _committed = true;
            try
            {
                System.IO.Directory.Move(CommittedDirectory, BackupDirectory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CacheException($"backing up cache '{Directory}': {e.Message}", e);
            }

            try
            {
                System.IO.Directory.Move(StagingDirectory, CommittedDirectory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                try
                {
                    System.IO.Directory.Move(BackupDirectory, CommittedDirectory);
                }
                catch (Exception rollback) when (rollback is IOException or UnauthorizedAccessException)
                {
                    throw new CacheException($"rolling back cache '{Directory}' after a failed commit: {rollback.Message}", new AggregateException(e, rollback));
                }

                throw new CacheException($"committing cache '{Directory}': {e.Message}", e);
            }

            // Deleting the old cache is housekeeping: the new one is already committed.
            TryDeleteDirectory(BackupDirectory);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A commit cut off between its two renames leaves no committed directory but a backup: that backup is the last
    /// committed cache. Cut off after both renames, only the backup's deletion is left to do.
    /// </summary>
    private void RecoverInterruptedCommit()
    {
        if (!System.IO.Directory.Exists(BackupDirectory))
        {
            return;
        }

        if (System.IO.Directory.Exists(CommittedDirectory))
        {
            DeleteDirectory(BackupDirectory);
        }
        else
        {
            System.IO.Directory.Move(BackupDirectory, CommittedDirectory);
        }
    }

    private void RequireNotCommitted()
    {
        if (_committed)
        {
            throw new CacheException($"cache '{Directory}' was already committed");
        }
    }

    private static void DeleteDirectory(string path)
    {
        if (System.IO.Directory.Exists(path))
        {
            System.IO.Directory.Delete(path, recursive: true);
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            DeleteDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next Open, which deletes a backup next to a committed directory.
        }
    }
}
