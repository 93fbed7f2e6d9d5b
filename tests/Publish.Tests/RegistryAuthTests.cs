using System.IO.Compression;
using System.Text;
using Buildpacks.Images.Registry.Credentials;
using Buildpacks.MSBuild.Publish.Tests.Fixtures;
using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.TestInfrastructure.Registry;

namespace Buildpacks.MSBuild.Publish.Tests;

/// <summary>
/// A registry that refuses the push (htpasswd Basic auth, and no credentials for it on this machine) fails the publish
/// with the auth error, naming the registry, and leaves nothing behind; credentials given the ways CI gives them (the
/// environment, Podman's auth file) push, and never appear in the log at diagnostic verbosity nor in a binary log.
/// </summary>
[Collection(SharedProjects.Name)]
public sealed class RegistryAuthTests(ConsoleProjectFixture console)
{
    [Theory]
    [InlineData("Container")]
    [InlineData("Local")]
    public async Task RefusedPushIsReported(string execution)
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions
        {
            BasicUsers = new Dictionary<string, string> { ["publisher"] = Guid.NewGuid().ToString("N") },
        });
        await LeakCheck.AroundAsync(console.Project, async () =>
        {
            var result = await console.Project.PublishAsync(
                $"-p:BuildpackImage={registry.Address}/refused/app:1", "-p:BuildpackPublish=true", $"-p:BuildpackExecution={execution}");
            result.EnsureFailedWith(Codes.Of(Messages.RegistryAuthRefused));
            Assert.Contains(registry.Address, result.ErrorLine(Codes.Of(Messages.RegistryAuthRefused)), StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("Container", "per-registry variables")]
    [InlineData("Local", "the unnamed variables")]
    [InlineData("Local", "REGISTRY_AUTH_FILE")]
    public async Task CredentialsFromTheEnvironmentPushAndAreNeverLogged(string execution, string source)
    {
        var password = "pw-" + Guid.NewGuid().ToString("N");
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions
        {
            BasicUsers = new Dictionary<string, string> { ["publisher"] = password },
        });
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"publisher:{password}"));
        var variables = source switch
        {
            "per-registry variables" => new Dictionary<string, string>
            {
                [$"BUILDPACK_REGISTRY_{EnvironmentCredentials.VariableKey(registry.Address)}_USERNAME"] = "publisher",
                [$"BUILDPACK_REGISTRY_{EnvironmentCredentials.VariableKey(registry.Address)}_PASSWORD"] = password,
            },
            "the unnamed variables" => new Dictionary<string, string> { ["BUILDPACK_REGISTRY_USERNAME"] = "publisher", ["BUILDPACK_REGISTRY_PASSWORD"] = password },
            _ => new Dictionary<string, string>
            {
                ["REGISTRY_AUTH_FILE"] = WriteAuthFile(console.Project.Output($"auth-{Guid.NewGuid():N}.json"), registry.Address, basic),
            },
        };
        var binlog = console.Project.Output($"credentials-{Guid.NewGuid():N}.binlog");
        await LeakCheck.AroundAsync(console.Project, async () =>
        {
            var result = await console.Project.PublishWithAsync(
                variables,
                $"-p:BuildpackImage={registry.Address}/secret/app:1", "-p:BuildpackPublish=true", $"-p:BuildpackExecution={execution}",
                "-v:diag", $"-bl:{binlog}");
            result.EnsureSucceeded();
            Assert.Contains("BP4100: Built", result.Log, StringComparison.Ordinal);

            var binary = Decompressed(binlog);
            foreach (var secret in new[] { password, basic })
            {
                Assert.DoesNotContain(secret, result.Log, StringComparison.Ordinal);
                Assert.False(binary.Contains(secret, StringComparison.Ordinal), $"the binary log {binlog} holds a secret");
            }

            // The binary log is read whole: it does record this publish (so a secret in it would have been found).
            Assert.Contains($"{registry.Address}/secret/app:1", binary, StringComparison.Ordinal);
        });
    }

    private static string WriteAuthFile(string path, string registry, string basic)
    {
        File.WriteAllText(path, "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + basic + "\"}}}");
        return path;
    }

    // A binary log is a gzip stream of records whose strings are UTF-8 (and UTF-16 in some older records): both read.
    private static string Decompressed(string binlog)
    {
        using var gzip = new GZipStream(File.OpenRead(binlog), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        var bytes = buffer.ToArray();
        return Encoding.UTF8.GetString(bytes) + Encoding.Unicode.GetString(bytes);
    }
}
