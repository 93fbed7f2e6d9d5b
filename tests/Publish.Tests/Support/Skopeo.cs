using System.Text.Json;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>
/// Reads an image the way an outside tool sees it: <c>skopeo inspect</c> of a registry image (docker://…) or an OCI
/// layout (oci:…), and <c>skopeo copy</c> of a registry image into a layout to look inside its layers.
/// </summary>
public static class Skopeo
{
    /// <summary>The image's layer digests, bottom first.</summary>
    public static async Task<IReadOnlyList<string>> LayersAsync(string reference)
    {
        using var document = await InspectAsync(reference).ConfigureAwait(false);
        return [.. document.RootElement.GetProperty("Layers").EnumerateArray().Select(layer => layer.GetString()!)];
    }

    /// <summary>The image's layer blobs as its manifest lists them (digest and compressed size), bottom first.</summary>
    public static async Task<IReadOnlyList<(string Digest, long Size)>> ManifestLayersAsync(string reference)
    {
        var skopeo = RequiredServices.RequireTool("skopeo");
        string[] tls = reference.StartsWith("docker://", StringComparison.Ordinal) ? ["--tls-verify=false"] : [];
        var result = await ProcessRunner.RunAsync(skopeo, ["inspect", "--raw", .. tls, reference], timeout: TimeSpan.FromMinutes(2)).ConfigureAwait(false);
        using var manifest = JsonDocument.Parse(result.EnsureSuccess($"skopeo inspect --raw {reference}").StandardOutput);
        return [.. manifest.RootElement.GetProperty("layers").EnumerateArray().Select(l => (l.GetProperty("digest").GetString()!, l.GetProperty("size").GetInt64()))];
    }

    /// <summary>The digest of the image's manifest (sha256:…).</summary>
    public static async Task<string> DigestAsync(string reference)
    {
        using var document = await InspectAsync(reference).ConfigureAwait(false);
        return document.RootElement.GetProperty("Digest").GetString()!;
    }

    /// <summary>The image's labels.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> LabelsAsync(string reference)
    {
        using var document = await InspectAsync(reference).ConfigureAwait(false);
        return document.RootElement.TryGetProperty("Labels", out var labels) && labels.ValueKind == JsonValueKind.Object
            ? labels.EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString() ?? string.Empty)
            : new Dictionary<string, string>();
    }

    /// <summary>The image's config (<c>skopeo inspect --config</c>): its <c>config</c> object holds Env, ExposedPorts, Labels.</summary>
    public static async Task<JsonDocument> ConfigAsync(string reference)
    {
        var skopeo = RequiredServices.RequireTool("skopeo");
        string[] tls = reference.StartsWith("docker://", StringComparison.Ordinal) ? ["--tls-verify=false"] : [];
        var result = await ProcessRunner.RunAsync(skopeo, ["inspect", "--config", .. tls, reference], timeout: TimeSpan.FromMinutes(2)).ConfigureAwait(false);
        return JsonDocument.Parse(result.EnsureSuccess($"skopeo inspect --config {reference}").StandardOutput);
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/> (both transports, e.g. docker://…), as its manifest format <paramref name="format"/> (oci, v2s2) when given.</summary>
    public static async Task CopyAsync(string source, string destination, string? format = null)
    {
        var skopeo = RequiredServices.RequireTool("skopeo");
        string[] formatArgs = format is null ? [] : ["--format", format];
        var result = await ProcessRunner.RunAsync(skopeo, ["copy", "--src-tls-verify=false", "--dest-tls-verify=false", .. formatArgs, source, destination], timeout: TimeSpan.FromMinutes(5)).ConfigureAwait(false);
        result.EnsureSuccess($"skopeo copy {source} {destination}");
    }

    /// <summary>Copies a registry image (docker://…) into an OCI layout directory as <paramref name="tag"/>.</summary>
    public static async Task CopyToLayoutAsync(string reference, string layoutDirectory, string tag)
    {
        var skopeo = RequiredServices.RequireTool("skopeo");
        var result = await ProcessRunner.RunAsync(skopeo, ["copy", "--src-tls-verify=false", reference, $"oci:{layoutDirectory}:{tag}"], timeout: TimeSpan.FromMinutes(3)).ConfigureAwait(false);
        result.EnsureSuccess($"skopeo copy {reference}");
    }

    /// <summary>Copies an image (e.g. oci:…) into the test daemon as <paramref name="image"/> (name:tag).</summary>
    public static async Task CopyToDaemonAsync(string reference, string image)
    {
        var skopeo = RequiredServices.RequireTool("skopeo");
        var result = await ProcessRunner.RunAsync(
            skopeo,
            ["copy", "--dest-daemon-host", "unix://" + RequiredServices.DockerSocket, reference, $"docker-daemon:{image}"],
            timeout: TimeSpan.FromMinutes(3)).ConfigureAwait(false);
        result.EnsureSuccess($"skopeo copy {reference} docker-daemon:{image}");
    }

    private static async Task<JsonDocument> InspectAsync(string reference)
    {
        var skopeo = RequiredServices.RequireTool("skopeo");
        string[] tls = reference.StartsWith("docker://", StringComparison.Ordinal) ? ["--tls-verify=false"] : [];
        var result = await ProcessRunner.RunAsync(skopeo, ["inspect", .. tls, reference], timeout: TimeSpan.FromMinutes(2)).ConfigureAwait(false);
        return JsonDocument.Parse(result.EnsureSuccess($"skopeo inspect {reference}").StandardOutput);
    }
}
