using Buildpacks.TestInfrastructure;

namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>
/// The Buildpacks.MSBuild package the throwaway projects consume, exactly as a user would: from the local feed
/// artifacts/feed that build/pack.sh fills. The script runs once per test run; it packs only when its inputs changed
/// since the last pack (else it just names the current version), and every new content gets a new version, so the
/// NuGet global packages folder never serves a stale copy.
/// </summary>
public static class PackageFeed
{
    /// <summary>The package's id.</summary>
    public const string PackageId = "Buildpacks.MSBuild";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _version;

    /// <summary>The feed directory.</summary>
    public static string Directory => RepositoryPaths.Feed;

    /// <summary>Makes sure the feed holds a package of the current sources; returns its version.</summary>
    public static async Task<string> EnsureAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            return _version ??= await PackAsync().ConfigureAwait(false);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<string> PackAsync()
    {
        var result = await ProcessRunner.RunAsync(
            "bash",
            [Path.Combine(RepositoryPaths.Root, "build", "pack.sh")],
            workingDirectory: RepositoryPaths.Root,
            environment: DotnetEnvironment.Variables(),
            timeout: TimeSpan.FromMinutes(15)).ConfigureAwait(false);
        result.EnsureSuccess("bash build/pack.sh");

        // The script prints the version on stdout (its progress goes to stderr) and writes it to version.txt.
        var version = File.ReadAllText(RepositoryPaths.FeedVersionFile).Trim();
        var package = Path.Combine(Directory, $"{PackageId}.{version}.nupkg");
        if (!File.Exists(package))
        {
            throw new InvalidOperationException($"build/pack.sh named version {version}, but {package} is not there:\n{result.StandardError}");
        }

        return version;
    }
}
