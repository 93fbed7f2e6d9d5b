using Buildpacks.Platform.Docker.Tests.Support;
using Buildpacks.Platform.Docker.Tests.Support.Contract;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.Platform.Docker.Tests;

/// <summary>
/// The contract double itself refuses what the reference lifecycle refuses, with its exit code: so a build that passes
/// against it gave each phase only what the Go lifecycle accepts. The cases are what this platform used to send.
/// </summary>
[Collection(ContainerBuildsCollection.Name)]
public sealed class ContractDoubleTests
{
    /// <summary>Phase, Platform API, user, environment (NAME=value;…), argv (space-separated), the exit code and words of the refusal.</summary>
    public static TheoryData<string, string, string, string, string, int, string> Refusals() => new()
    {
        // -insecure-registry at Platform API 0.12: Go's flag set exits 2 on an undefined flag.
        { "analyzer", "0.12", "root", "", "-layers /layers -run-image r:1 -insecure-registry 127.0.0.1:5000 a:1", 2, "flag provided but not defined: -insecure-registry" },
        { "exporter", "0.12", "root", "", "-app /workspace -layers /layers -insecure-registry 127.0.0.1:5000 a:1", 2, "flag provided but not defined: -insecure-registry" },

        // Docker Hub keyed docker.io: the keychain looks up index.docker.io.
        { "analyzer", "0.13", "root", "CNB_REGISTRY_AUTH={\"docker.io\":\"Basic eDp5\"}", "-layers /layers -run-image r:1 a:1", 1, "index.docker.io" },
        { "analyzer", "0.13", "root", "CNB_REGISTRY_AUTH={\"index.docker.io\":\"Token eDp5\"}", "-layers /layers -run-image r:1 a:1", 1, "unknown auth type" },

        // -daemon with no daemon to dial; a restorer that reads the run image from the daemon needs the socket too.
        { "restorer", "0.14", "root", "", "-layers /layers -daemon", 1, "initialize docker client" },

        // A flag a phase never defines, and operands where none are taken.
        { "restorer", "0.15", "root", "", "-layers /layers -run-image r:1", 2, "flag provided but not defined: -run-image" },
        { "detector", "0.15", "1000:1000", "", "-app /workspace extra", 3, "unexpected arguments" },

        // The phases that run buildpacks: never root, never the daemon's socket or credentials.
        { "builder", "0.15", "root", "", "-app /workspace -layers /layers", 1, "refusing to run as root" },
        { "detector", "0.15", "1000:1000", "CNB_REGISTRY_AUTH={\"127.0.0.1:5000\":\"Basic eDp5\"}", "-app /workspace", 1, "registry credentials" },

        // No Platform API, or one the lifecycle does not speak.
        { "creator", "", "root", "", "-app /workspace a:1", 11, "CNB_PLATFORM_API" },
        { "creator", "0.16", "root", "", "-app /workspace a:1", 11, "incompatible" },

        // The exporter takes the run image from analyzed.toml.
        { "exporter", "0.15", "root", "", "-app /workspace -layers /layers -run-image r:1 a:1", 3, "-run-image is unsupported" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task The_double_refuses_what_the_reference_lifecycle_refuses(string phase, string api, string user, string environment, string argv, int exitCode, string words)
    {
        var images = await ContractImages.ForAsync(api is "0.12" or "0.13" or "0.14" ? api : "0.15");
        string[] env = [.. (api.Length > 0 ? [$"CNB_PLATFORM_API={api}"] : Array.Empty<string>()), .. environment.Split(';', StringSplitOptions.RemoveEmptyEntries)];
        string[] arguments =
        [
            "run", "--rm", "--network", "none", "--user", user, "--entrypoint", $"/cnb/lifecycle/{phase}",
            .. env.SelectMany(e => new[] { "--env", e }), images.Builder, .. argv.Split(' '),
        ];

        var result = await DockerTestCli.TryRunAsync(arguments);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains($"[contract] REFUSED {phase} (exit {exitCode})", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(words, result.StandardError, StringComparison.Ordinal);
    }
}
