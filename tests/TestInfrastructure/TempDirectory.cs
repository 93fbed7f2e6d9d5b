namespace Buildpacks.TestInfrastructure;

/// <summary>A directory under the system temp dir that is deleted when the test is done with it.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates a fresh empty directory whose name starts with <paramref name="prefix"/>.</summary>
    public TempDirectory(string prefix = "bp-test")
    {
        Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;
    }

    /// <summary>The absolute path of the directory.</summary>
    public string Path { get; }

    /// <summary>Combines <paramref name="parts"/> under this directory.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes a file (creating parent directories) and returns its full path.</summary>
    public string WriteFile(string relativePath, string content)
    {
        var full = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp dir must not fail a test; the OS cleans /tmp.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
