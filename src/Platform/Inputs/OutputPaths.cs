using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;

namespace Buildpacks.Platform.Inputs;

/// <summary>
/// The places a build writes to, checked before any work so that a bad one fails at once with its own code instead of
/// after the whole build (and nothing is half-written): an archive path must be a file (not a directory), a layout path
/// a directory that is empty or an OCI image layout; each must be writable by this user (the nearest existing
/// directory is tried, as the build would create the rest); and no two of them, nor the publish directory, may be the
/// same place or hold one another.
/// </summary>
public static class OutputPaths
{
    private const string PublishDirectory = "the publish directory (PublishDir)";

    /// <summary>Checks <paramref name="request"/>'s output paths; BP1023, BP1024 or BP1025 for the first that is wrong.</summary>
    public static void Check(BuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var places = new List<(string Property, string Path)> { (PublishDirectory, request.AppDirectory) };
        switch (request.Destination)
        {
            case { Kind: ImageDestinationKind.Archive, Path: { } archive }:
                RequireFile("BuildpackArchiveOutputPath", archive);
                places.Add(("BuildpackArchiveOutputPath", archive));
                break;
            case { Kind: ImageDestinationKind.Layout, Path: { } layout }:
                RequireLayoutDirectory("BuildpackLayoutOutputPath", layout);
                places.Add(("BuildpackLayoutOutputPath", layout));
                break;
        }

        if (request.SbomOutputDirectory is { } sbom)
        {
            RequireDirectory("BuildpackSbomOutputDirectory", sbom);
            places.Add(("BuildpackSbomOutputDirectory", sbom));
        }

        if (request.Cache.Directory is { } cache)
        {
            RequireDirectory("BuildpackCacheDirectory", cache);
            places.Add(("BuildpackCacheDirectory", cache));
        }

        for (var i = 0; i < places.Count; i++)
        {
            for (var j = i + 1; j < places.Count; j++)
            {
                if (Overlap(places[i].Path, places[j].Path))
                {
                    throw CodedException.Of(Messages.OutputPathsOverlap, places[i].Property, places[j].Property, places[i].Path, places[j].Path);
                }
            }
        }
    }

    private static void RequireFile(string property, string path)
    {
        if (Directory.Exists(path))
        {
            throw CodedException.Of(Messages.OutputPathWrongKind, property, path, "a directory", "a file path (the tarball to write)");
        }

        if (File.Exists(path))
        {
            Probe(property, path, () => File.Open(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite).Dispose());
        }
        else
        {
            RequireWritableAncestor(property, path, Path.GetDirectoryName(Path.GetFullPath(path)));
        }
    }

    private static void RequireLayoutDirectory(string property, string path)
    {
        RequireDirectory(property, path);
        if (Directory.Exists(path) && !File.Exists(Path.Combine(path, "oci-layout")) && Directory.EnumerateFileSystemEntries(path).Any())
        {
            throw CodedException.Of(Messages.OutputPathWrongKind, property, path, "a directory that holds other files", "an empty directory or an OCI image layout (with an oci-layout file)");
        }
    }

    private static void RequireDirectory(string property, string path)
    {
        if (File.Exists(path))
        {
            throw CodedException.Of(Messages.OutputPathWrongKind, property, path, "a file", "a directory");
        }

        RequireWritableAncestor(property, path, Path.GetFullPath(path));
    }

    // The nearest directory that exists is where the build would create what is missing: it must take a file.
    private static void RequireWritableAncestor(string property, string path, string? directory)
    {
        while (directory is not null && !Directory.Exists(directory))
        {
            if (File.Exists(directory))
            {
                throw CodedException.Of(Messages.OutputPathWrongKind, property, path, $"under '{directory}', which is a file", "a path under directories");
            }

            directory = Path.GetDirectoryName(directory);
        }

        if (directory is null)
        {
            throw CodedException.Of(Messages.OutputPathUnwritable, property, path, "no directory of it exists");
        }

        // Trying is the only sure test (permissions, ACLs, read-only mounts); the probe is gone when closed.
        Probe(property, path, () =>
        {
            using var probe = new FileStream(Path.Combine(directory, $".bp-write-probe-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        });
    }

    private static void Probe(string property, string path, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw CodedException.Because(e, Messages.OutputPathUnwritable, property, path, e.Message.TrimEnd('.'));
        }
    }

    private static bool Overlap(string a, string b)
    {
        var first = Normalize(a);
        var second = Normalize(b);
        return first == second
            || first.StartsWith(second + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || second.StartsWith(first + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    private static string Normalize(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
