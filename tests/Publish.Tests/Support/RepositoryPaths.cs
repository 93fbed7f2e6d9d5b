using Buildpacks.TestInfrastructure;

namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>Paths in the repository the tests run from.</summary>
public static class RepositoryPaths
{
    /// <summary>The repository root (the directory of Buildpacks.MSBuild.sln).</summary>
    public static string Root => RepositoryRoot.Path;

    /// <summary>The local NuGet feed build/pack.sh fills.</summary>
    public static string Feed => RepositoryRoot.Combine("artifacts", "feed");

    /// <summary>The file build/pack.sh writes the packed version into.</summary>
    public static string FeedVersionFile => Path.Combine(Feed, "version.txt");
}
