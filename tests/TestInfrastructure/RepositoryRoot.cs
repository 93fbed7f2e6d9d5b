namespace Buildpacks.TestInfrastructure;

/// <summary>The checkout the tests run from: the directory of Buildpacks.MSBuild.sln above the test binaries.</summary>
public static class RepositoryRoot
{
    /// <summary>The repository root's full path.</summary>
    public static string Path { get; } = Find();

    /// <summary>Combines <paramref name="parts"/> under the repository root.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Buildpacks.MSBuild.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Buildpacks.MSBuild.sln) is not above the test binaries");
    }
}
