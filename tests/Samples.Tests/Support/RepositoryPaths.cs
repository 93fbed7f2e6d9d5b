using Buildpacks.TestInfrastructure;

namespace Buildpacks.Samples.Tests.Support;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class RepositoryPaths
{
    /// <summary>The repository root: the first ancestor of the test binaries holding Buildpacks.MSBuild.sln.</summary>
    public static string Root => RepositoryRoot.Path;

    public static string SampleBuildpacks => RepositoryRoot.Combine("samples", "buildpacks");

    public static string SampleBuilderScript => RepositoryRoot.Combine("build", "sample-builder.sh");
}
