using System.Text.Json;
using Buildpacks.TestInfrastructure;
using Xunit.Sdk;

namespace Buildpacks.MSBuild.Publish.Tests.Reliability;

/// <summary>What a registry holds, read through its API with skopeo: the check that a fault left nothing half-pushed.</summary>
public static class RegistryContents
{
    /// <summary>
    /// Asserts that every tag of <paramref name="repository"/> in <paramref name="registry"/> names a manifest (or index)
    /// whose config and layers are all there and match their digests; returns the tags (none when the repository does
    /// not exist). <paramref name="credentials"/> is <c>user:password</c>, or null for an open registry.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AssertWholeAsync(string registry, string repository, string? credentials = null)
    {
        var skopeo = RequiredServices.RequireTool("skopeo");
        string[] creds = credentials is null ? [] : ["--creds", credentials];
        var listing = await ProcessRunner.RunAsync(skopeo, ["list-tags", "--tls-verify=false", .. creds, $"docker://{registry}/{repository}"], timeout: TimeSpan.FromMinutes(1)).ConfigureAwait(false);
        if (listing.ExitCode != 0)
        {
            // A repository nothing was ever tagged in does not exist for the registry: distribution answers the tags
            // list with 404 NAME_UNKNOWN (which skopeo 1.9 reports only as "invalid status code from registry 404"). No
            // tag, so no tag that names a missing blob. Any other failure (auth, a registry that is not there) fails.
            return IsUnknownRepository(listing.StandardError)
                ? []
                : throw new XunitException($"skopeo list-tags {registry}/{repository} failed:\n{listing.StandardError}");
        }

        using var tags = JsonDocument.Parse(listing.StandardOutput);
        var names = tags.RootElement.GetProperty("Tags").EnumerateArray().Select(t => t.GetString()!).ToList();
        foreach (var tag in names)
        {
            // A copy reads every blob the manifest names and checks its digest: a missing or half-written blob fails it.
            using var copy = new TempDirectory("bp-whole");
            string[] sourceCreds = credentials is null ? [] : ["--src-creds", credentials];
            var copied = await ProcessRunner.RunAsync(
                skopeo,
                ["copy", "--all", "--src-tls-verify=false", .. sourceCreds, $"docker://{registry}/{repository}:{tag}", $"oci:{copy.Path}:{tag}"],
                timeout: TimeSpan.FromMinutes(5)).ConfigureAwait(false);
            if (copied.ExitCode != 0)
            {
                throw new XunitException($"{registry}/{repository}:{tag} names something that is not all there:\n{copied.StandardError}");
            }
        }

        return names;
    }

    private static bool IsUnknownRepository(string error) =>
        error.Contains("NAME_UNKNOWN", StringComparison.Ordinal)
        || error.Contains("name unknown", StringComparison.OrdinalIgnoreCase)
        || error.Contains("status code from registry 404", StringComparison.Ordinal);
}
