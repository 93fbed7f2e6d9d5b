namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// A build's temporary directory under the system temp dir, deleted on dispose whatever happened (success, failure,
/// cancellation). Read-only directories buildpacks left behind are made writable first so the delete succeeds.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ScratchDirectory : IDisposable
{
    /// <summary>Creates a fresh directory named <c>&lt;prefix&gt;-&lt;random&gt;</c> under <paramref name="parent"/> (null: the temp dir).</summary>
    public ScratchDirectory(string prefix, string? parent = null) => Path = parent is null
        ? Directory.CreateTempSubdirectory(prefix + "-").FullName
        : Directory.CreateDirectory(System.IO.Path.Combine(parent, $"{prefix}-{Guid.NewGuid():N}")).FullName;

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>A subdirectory, created.</summary>
    public string Create(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

    /// <inheritdoc />
    public void Dispose() => TryDelete(Path);

    /// <summary>Deletes <paramref name="directory"/> and everything in it if it exists; never throws for I/O failures.</summary>
    public static void TryDelete(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        try
        {
            MakeWritable(new DirectoryInfo(directory));
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the OS's temp cleaning; a failed delete must not hide the build's own outcome.
        }
    }

    private static void MakeWritable(DirectoryInfo directory)
    {
        const UnixFileMode Owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        if ((directory.UnixFileMode & Owner) != Owner)
        {
            directory.UnixFileMode |= Owner;
        }

        foreach (var child in directory.EnumerateDirectories())
        {
            if (child.LinkTarget is null)
            {
                MakeWritable(child);
            }
        }
    }
}
