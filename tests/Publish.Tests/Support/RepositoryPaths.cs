namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>Paths in the repository the tests run from (found by walking up to the solution file).</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The repository root (the directory of Buildpacks.MSBuild.sln).</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The local NuGet feed build/pack.sh fills.</summary>
    public static string Feed => Path.Combine(Root, "artifacts", "feed");

    /// <summary>The file build/pack.sh writes the packed version into.</summary>
    public static string FeedVersionFile => Path.Combine(Feed, "version.txt");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Buildpacks.MSBuild.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Buildpacks.MSBuild.sln above {AppContext.BaseDirectory}: the tests run from the repository's build output.");
    }
}
