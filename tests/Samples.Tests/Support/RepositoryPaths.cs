namespace Buildpacks.Samples.Tests.Support;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class RepositoryPaths
{
    /// <summary>The repository root: the first ancestor of the test binaries holding Buildpacks.MSBuild.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string SampleBuildpacks => Path.Combine(Root, "samples", "buildpacks");

    public static string SampleBuilderScript => Path.Combine(Root, "build", "sample-builder.sh");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Buildpacks.MSBuild.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Buildpacks.MSBuild.sln above {AppContext.BaseDirectory}.");
    }
}
