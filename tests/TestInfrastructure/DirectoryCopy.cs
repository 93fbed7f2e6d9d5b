namespace Buildpacks.TestInfrastructure;

/// <summary>Copies a directory tree with its files' Unix modes, for a test that changes a copy of a shared fixture.</summary>
public static class DirectoryCopy
{
    /// <summary>Copies every file under <paramref name="source"/> to the same place under <paramref name="destination"/>.</summary>
    public static void Copy(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, File.GetUnixFileMode(file));
            }
        }
    }
}
