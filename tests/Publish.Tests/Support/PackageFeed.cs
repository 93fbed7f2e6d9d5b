using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Apps;

namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>
/// The Buildpacks.MSBuild package the throwaway projects consume, exactly as a user would: from the local feed
/// artifacts/feed that build/pack.sh fills. The script runs once per test run; it packs only when its inputs changed
/// since the last pack (else it just names the current version), and every new content gets a new version, so the
/// NuGet global packages folder never serves a stale copy. With <see cref="SkipPackVariable"/>=1 the tests take the
/// feed's current version as it is (for iterating on the tests alone while the sources change under them).
/// </summary>
public static class PackageFeed
{
    /// <summary>The package's id.</summary>
    public const string PackageId = "Buildpacks.MSBuild";

    // One pack per test run; a failed pack fails every test with the script's output rather than running it again.
    private static readonly Lazy<Task<string>> Pack = new(PackAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Set to 1 to use the feed's current package without running build/pack.sh.</summary>
    public const string SkipPackVariable = "BUILDPACKS_TEST_SKIP_PACK";

    /// <summary>The feed directory.</summary>
    public static string Directory => RepositoryPaths.Feed;

    /// <summary>Makes sure the feed holds a package of the current sources; returns its version.</summary>
    public static Task<string> EnsureAsync() => Pack.Value;

    private static async Task<string> PackAsync()
    {
        if (Environment.GetEnvironmentVariable(SkipPackVariable) == "1")
        {
            return ReadVersion(packOutput: $"{SkipPackVariable}=1: build/pack.sh was not run.");
        }

        var result = await ProcessRunner.RunAsync(
            "bash",
            [Path.Combine(RepositoryPaths.Root, "build", "pack.sh")],
            workingDirectory: RepositoryPaths.Root,
            environment: DotnetCli.Environment(),
            timeout: TimeSpan.FromMinutes(15)).ConfigureAwait(false);
        result.EnsureSuccess("bash build/pack.sh");

        return ReadVersion(result.StandardError);
    }

    // build/pack.sh writes the version of the package it made (or found up to date) to version.txt.
    private static string ReadVersion(string packOutput)
    {
        if (!File.Exists(RepositoryPaths.FeedVersionFile))
        {
            throw new InvalidOperationException($"There is no {RepositoryPaths.FeedVersionFile}:\n{packOutput}");
        }

        var version = File.ReadAllText(RepositoryPaths.FeedVersionFile).Trim();
        var package = Path.Combine(Directory, $"{PackageId}.{version}.nupkg");
        if (!File.Exists(package))
        {
            throw new InvalidOperationException($"The feed names version {version}, but {package} is not there:\n{packOutput}");
        }

        return version;
    }
}
