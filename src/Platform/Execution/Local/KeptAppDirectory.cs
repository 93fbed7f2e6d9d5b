namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// The app directory a Local build keeps for the next build of the same publish (<see cref="BuildRequest.KeptAppDirectory"/>),
/// held by one build at a time through a lock beside it (<c>&lt;directory&gt;.lock</c>, flock through
/// <see cref="FileShare.None"/>): a second build of the same publish at once (another image name) copies the app into
/// its scratch directory instead, as every build did before.
/// </summary>
internal sealed class KeptAppDirectory : IDisposable
{
    private readonly FileStream _lock;

    private KeptAppDirectory(string path, FileStream held)
    {
        Path = path;
        _lock = held;
    }

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>The directory at <paramref name="path"/>, held until disposed; null when there is none or another build holds it.</summary>
    public static KeptAppDirectory? TryHold(string? path)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            return new KeptAppDirectory(path, new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();
}
