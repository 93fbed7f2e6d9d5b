using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Buildpacks.TestInfrastructure.Users;

/// <summary>
/// Copies of this checkout's files in a directory every user can reach, for a process that drops privileges (the
/// creator as the build user, a phase under <c>setpriv</c>). The checkout may be inside a directory only its owner can
/// enter (a clone in <c>mktemp -d</c>, a 0700 home): another uid then reaches nothing in it, whatever the files' own
/// modes. One directory per test process, under the temp directory, with modes set here rather than left to the
/// runner's umask; removed when the process exits.
/// </summary>
public static class ReachableCopies
{
    private const UnixFileMode Reachable = (UnixFileMode)0x1ED; // 0755
    private const UnixFileMode Readable = (UnixFileMode)0x1A4; // 0644

    private static readonly Lazy<string> Root = new(CreateRoot);
    private static readonly ConcurrentDictionary<string, Lazy<string>> Copies = new(StringComparer.Ordinal);

    /// <summary>A copy of the file <paramref name="path"/> (symlinks followed) that every user can read, and run when it is executable.</summary>
    public static string FileOf(string path)
    {
        var full = Path.GetFullPath(path);
        return Copies.GetOrAdd(full, source => new Lazy<string>(() => Copy(source))).Value;
    }

    /// <summary>
    /// The directory of copies (<see cref="FileOf"/>) of the files directly in <paramref name="directory"/> that match
    /// one of <paramref name="searchPatterns"/>: what an assembly run by <c>dotnet</c> loads from beside it, say.
    /// </summary>
    public static string DirectoryOf(string directory, params string[] searchPatterns)
    {
        var copied = searchPatterns
            .SelectMany(pattern => Directory.EnumerateFiles(directory, pattern, SearchOption.TopDirectoryOnly))
            .Distinct(StringComparer.Ordinal)
            .Select(FileOf)
            .ToList();
        return copied.Count > 0 ? Path.GetDirectoryName(copied[0])! : throw new InvalidOperationException($"nothing in {directory} matches {string.Join(", ", searchPatterns)}");
    }

    private static string Copy(string source)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("other users' reach is a question of Unix modes");
        }

        // Files of one source directory stay together (an assembly and its dependencies), apart from any other's.
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetDirectoryName(source)!)))[..16];
        var directory = Directory.CreateDirectory(Path.Combine(Root.Value, key)).FullName;
        File.SetUnixFileMode(directory, Reachable);
        var target = Path.Combine(directory, Path.GetFileName(source));
        File.Copy(source, target, overwrite: true);
        var executable = (File.GetUnixFileMode(source) & UnixFileMode.UserExecute) != 0;
        File.SetUnixFileMode(target, executable ? Reachable : Readable);
        return target;
    }

    private static string CreateRoot()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("other users' reach is a question of Unix modes");
        }

        var root = Directory.CreateTempSubdirectory("bp-reachable-").FullName;
        File.SetUnixFileMode(root, Reachable);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temp directory, which the OS cleans.
            }
            catch (UnauthorizedAccessException)
            {
            }
        };
        return root;
    }
}
