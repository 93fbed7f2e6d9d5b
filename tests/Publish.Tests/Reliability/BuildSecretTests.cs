using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Buildpacks.MSBuild.Publish.Tests.Fixtures;
using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.TestInfrastructure.Buildpacks;

namespace Buildpacks.MSBuild.Publish.Tests.Reliability;

/// <summary>
/// A secret given to the buildpacks (a <c>BuildpackSecret</c> item naming an environment variable), in both executions:
/// a buildpack reads it from its binding (it prints its SHA-256, and the secret itself, which the log must not show),
/// and the secret is nowhere in the <c>-v:diag</c> output, the <c>-bl</c> binary log, or any blob of the image
/// (manifest, config, every layer uncompressed).
/// </summary>
[Collection(SharedProjects.Name)]
[Trait("Category", "Reliability")]
public sealed class BuildSecretTests(ConsoleProjectFixture console)
{
    private const string Variable = "BP_TEST_FEED_TOKEN";

    [Theory]
    [InlineData("Container")]
    [InlineData("Local")]
    public async Task ASecretReachesTheBuildpacksButNoLogBinaryLogOrLayer(string execution)
    {
        var secret = $"bp-secret-{Guid.NewGuid():N}";
        var buildpack = new FixtureBuildpack("publish-tests/reads-a-secret")
        {
            Build = new BuildScript()
                .Run("""
                    test "$(cat "$platform_dir/bindings/feed/type")" = nuget
                    token=$(cat "$platform_dir/bindings/feed/token")
                    echo "fixture-secret-sha256 $(printf %s "$token" | sha256sum | cut -d' ' -f1)"
                    echo "fixture-secret $token"
                    """)
                .Layer("probe", launch: true)
                .LayerFile("probe", "read", "the secret was read"),
        }.WriteTo(console.Project.Output($"secret-buildpack-{execution}"));
        var image = SampleServices.UniqueRepository("secret") + ":1";
        var binaryLog = console.Project.Output($"secret-{execution}-{Guid.NewGuid():N}.binlog");

        await LeakCheck.AroundAsync(console.Project, async () =>
        {
            var result = await console.Project.PublishWithAsync(
                new Dictionary<string, string> { [Variable] = secret },
                $"-p:BuildpackImage={image}", "-p:BuildpackPublish=true", $"-p:BuildpackExecution={execution}",
                $"-p:ExtraBuildpack={buildpack}", $"-p:ExtraSecret={Variable}", "-p:BuildpackForce=true", "-v:diag", $"-bl:{binaryLog}");

            result.EnsureSucceeded();
            Assert.Contains($"fixture-secret-sha256 {Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret))).ToLowerInvariant()}", result.Log, StringComparison.Ordinal);
            Assert.Contains("fixture-secret ***", result.Log, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, result.Log, StringComparison.Ordinal);
        });

        Assert.False(Holds(await UncompressedAsync(binaryLog), secret), $"the binary log {binaryLog} holds the secret");
        var layout = console.Project.Output($"secret-layout-{Guid.NewGuid():N}");
        await Skopeo.CopyToLayoutAsync($"docker://{image}", layout, "1");
        var blobs = Directory.GetFiles(Path.Combine(layout, "blobs", "sha256"));
        Assert.True(blobs.Length >= 4, "the image has a manifest, a config and layers");
        foreach (var blob in blobs)
        {
            Assert.False(Holds(await UncompressedAsync(blob), secret), $"the image's blob {Path.GetFileName(blob)} holds the secret");
        }

        Assert.Contains(await LayoutLayers.ReadAsync(layout), layer => layer.Contains("layers/publish-tests_reads-a-secret/probe/read"));
    }

    // A gzip stream (a binary log, a compressed layer) uncompressed; anything else as it is.
    private static async Task<byte[]> UncompressedAsync(string path)
    {
        var bytes = await File.ReadAllBytesAsync(path);
        if (bytes is not [0x1f, 0x8b, ..])
        {
            return bytes;
        }

        await using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        var plain = new MemoryStream();
        await gzip.CopyToAsync(plain);
        return plain.ToArray();
    }

    private static bool Holds(byte[] content, string secret) =>
        content.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) >= 0 || content.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) >= 0;
}
