using System.Text.Json;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Stack.Tests;

/// <summary>Reads what a registry or layout holds with skopeo, a client that is not ours.</summary>
public static class Skopeo
{
    /// <summary>The image config (<c>skopeo inspect --config</c>) of a <c>docker://</c> or <c>oci:</c> image.</summary>
    public static Task<JsonElement> ConfigAsync(string transportReference) => InspectAsync("--config", transportReference);

    /// <summary>The manifest exactly as stored (<c>skopeo inspect --raw</c>).</summary>
    public static Task<JsonElement> ManifestAsync(string transportReference) => InspectAsync("--raw", transportReference);

    /// <summary>The summary <c>skopeo inspect</c> prints (Digest, Labels, Env, Layers…).</summary>
    public static Task<JsonElement> SummaryAsync(string transportReference) => InspectAsync(null, transportReference);

    /// <summary>The layer digests of an image, base first.</summary>
    public static async Task<List<string>> LayerDigestsAsync(string transportReference) =>
        (await ManifestAsync(transportReference)).GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("digest").GetString()!).ToList();

    private static async Task<JsonElement> InspectAsync(string? mode, string transportReference)
    {
        var skopeo = RequiredServices.RequireTool("skopeo");
        string[] arguments = transportReference.StartsWith("docker://", StringComparison.Ordinal)
            ? ["inspect", "--tls-verify=false", .. mode is null ? Array.Empty<string>() : [mode], transportReference]
            : ["inspect", .. mode is null ? Array.Empty<string>() : [mode], transportReference];
        var output = (await ProcessRunner.RunAsync(skopeo, arguments)).EnsureSuccess("skopeo " + string.Join(' ', arguments)).StandardOutput;
        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }
}
