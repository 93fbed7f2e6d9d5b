using System.Runtime.InteropServices;
using System.Text.Json;

namespace Buildpacks.TestInfrastructure.Images;

/// <summary>
/// A registry image pinned by the digest of this machine's platform's manifest (<c>repo@sha256:…</c>), for tests that
/// hand the sample builder or lifecycle image, both image indexes, to a daemon. A pin by the index's digest does not
/// hold there: Docker 20.10 gives <c>repo@&lt;index digest&gt;</c> to the first platform pulled under it and refuses
/// to pull another platform under it ("Cannot overwrite digest"), so after a multi-platform build had the arm64 image
/// the same pin would run arm64 everywhere. A manifest's digest names one platform's image.
/// </summary>
public static class HostPlatformPin
{
    /// <summary>The host's platform as OCI names it (<c>linux/amd64</c>, <c>linux/arm64</c>).</summary>
    public static string HostArchitecture { get; } = RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        var other => other.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// <paramref name="reference"/> (<c>repo:tag</c>, <c>repo@digest</c> or <c>repo:tag@digest</c> in the loopback
    /// registry) as <c>repo@digest</c> of its manifest for linux on this machine's architecture: of the index's entry
    /// for it, or of the image itself when it is one manifest.
    /// </summary>
    public static async Task<string> PinAsync(string reference)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        // skopeo takes a tag or a digest, not both (as build/sample-builder.sh prints the builder): the digest wins.
        var source = reference.Split('@') is [_, var pinned] ? $"{Repository(reference)}@{pinned}" : reference;
        var raw = await ProcessRunner.RunCheckedAsync(RequiredServices.RequireTool("skopeo"), "inspect", "--raw", "--tls-verify=false", "docker://" + source).ConfigureAwait(false);
        using var document = JsonDocument.Parse(raw);
        string digest;
        if (document.RootElement.TryGetProperty("manifests", out var manifests))
        {
            digest = manifests.EnumerateArray()
                .Where(m => m.TryGetProperty("platform", out var p)
                    && p.GetProperty("os").GetString() == "linux"
                    && p.GetProperty("architecture").GetString() == HostArchitecture)
                .Select(m => m.GetProperty("digest").GetString())
                .FirstOrDefault()
                ?? throw new InvalidOperationException($"The index {reference} has no linux/{HostArchitecture} image: {raw}");
        }
        else
        {
            var inspect = await ProcessRunner.RunCheckedAsync(RequiredServices.RequireTool("skopeo"), "inspect", "--tls-verify=false", "docker://" + source).ConfigureAwait(false);
            using var summary = JsonDocument.Parse(inspect);
            digest = summary.RootElement.GetProperty("Digest").GetString()!;
        }

        return $"{Repository(reference)}@{digest}";
    }

    // repo of repo:tag, repo@digest or repo:tag@digest (a registry's port is before the last '/').
    private static string Repository(string reference)
    {
        var name = reference.Split('@')[0];
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        return colon > slash ? name[..colon] : name;
    }
}
