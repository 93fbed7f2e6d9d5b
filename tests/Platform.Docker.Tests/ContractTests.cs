using Buildpacks.Images.References;
using Buildpacks.Platform.Docker.Tests.Support;
using Buildpacks.Platform.Docker.Tests.Support.Contract;
using Buildpacks.Platform.Execution;
using Buildpacks.TestInfrastructure.Images;
using Xunit.Abstractions;

namespace Buildpacks.Platform.Docker.Tests;

/// <summary>
/// Container execution against the contract double (<see cref="ContractImages"/>): a builder and a lifecycle image whose
/// phase binaries accept only what the reference lifecycle accepts at the negotiated Platform API, at every Platform
/// API this platform speaks, trusted (the creator) and untrusted (five phases, three of them from the lifecycle image),
/// into the daemon and into a registry. The double refuses what the Go lifecycle would refuse (the build then fails
/// with its message); what it records is checked here against the rules of the Platform API and of pack.
/// </summary>
[Collection(ContainerBuildsCollection.Name)]
public sealed class ContractTests(ContainerBuildApps apps, ITestOutputHelper output)
{
    private static readonly string[] FivePhases = ["analyzer", "detector", "restorer", "builder", "exporter"];

    /// <summary>Every Platform API we speak × trusted or not × the daemon or a registry.</summary>
    public static TheoryData<string, bool, bool> Matrix()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var api in PlatformApiChoice.Ours)
        {
            foreach (var trusted in new[] { true, false })
            {
                foreach (var registry in new[] { false, true })
                {
                    data.Add(api, trusted, registry);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task A_build_gives_each_phase_only_what_the_reference_lifecycle_accepts_at_the_platform_api(string api, bool trusted, bool toRegistry)
    {
        var images = await ContractImages.ForAsync(api);
        var repository = DockerTestCli.UniqueRepository($"contract-{api.Replace('.', '-')}-{(trusted ? "creator" : "phases")}");
        var tag = toRegistry ? $"127.0.0.1:5000/{repository}:1" : $"{repository}:1";
        var log = new RecordingBuildLog(output);
        var request = TestBuilds.Request(apps.Console, tag, trusted, images.LifecycleImage) with
        {
            Builder = ImageReference.Parse(images.Builder),
            Destination = toRegistry ? ImageDestination.Registry : ImageDestination.Daemon,
        };
        string? pulled = null;
        try
        {
            var result = await new ContainerExecution().BuildAsync(request, log, CancellationToken.None);

            Assert.Empty(ContractRecord.Refusals(log));

            // The report was the Go lifecycle's: a daemon's image by its ID without "sha256:", a registry's by digest alone.
            var exporter = trusted ? "creator" : "exporter";
            var report = Assert.Single(log.PhaseLines, p => p.Phase == exporter && p.Line.Contains("report.toml as the Go lifecycle writes it", StringComparison.Ordinal)).Line;
            Assert.Matches(toRegistry ? "writes it: digest=\"sha256:[0-9a-f]{64}\"$" : "writes it: image-id=\"[0-9a-f]{64}\"$", report);
            var records = ContractRecord.From(log);
            Assert.Equal(trusted ? ["creator"] : FivePhases, records.Select(r => r.Phase));
            Assert.All(records, r => Assert.Equal(api, r.Api));
            Assert.All(records, r => Assert.Equal(HostInterfaces(), r.Network));

            foreach (var record in records.Where(r => r.Phase is "detector" or "builder"))
            {
                Assert.NotEqual(0, record.Uid);
                Assert.Equal("builder", record.Image);
                Assert.Null(record.Socket);
                Assert.Empty(record.CredentialKeys);
            }

            var privileged = records.Where(r => r.Phase is "analyzer" or "restorer" or "exporter" or "creator").ToList();
            foreach (var record in privileged)
            {
                Assert.Equal(0, record.Uid);
                Assert.Equal(trusted ? "builder" : "lifecycle-image", record.Image);
                Assert.True(record.HasRunToml, $"the {record.Phase} has no run.toml");
                Assert.Equal(!toRegistry, record.Has("daemon"));
                Assert.Equal(!toRegistry, record.Socket is not null);

                // -insecure-registry exists from Platform API 0.13; at 0.12 the lifecycle reaches a loopback registry
                // over HTTP by itself.
                var insecure = record.Values("insecure-registry");
                if (Lifecycle.Api.ApiVersion.Parse(api) < new Lifecycle.Api.ApiVersion(0, 13))
                {
                    Assert.Empty(insecure);
                }
                else if (toRegistry)
                {
                    Assert.Contains("127.0.0.1:5000", insecure);
                }
            }

            if (toRegistry)
            {
                Assert.StartsWith("sha256:", result.ManifestDigest, StringComparison.Ordinal);
                pulled = $"127.0.0.1:5000/{repository}@{result.ManifestDigest}";
                await DockerTestCli.RunAsync("pull", pulled);
                Assert.Contains("Hello, World!", await DockerTestCli.RunContainerAsync(pulled), StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains("Hello, World!", await DockerTestCli.RunContainerAsync(tag), StringComparison.Ordinal);
            }
        }
        finally
        {
            await TestBuilds.AssertNothingLeftAsync(log.BuildId);
            await TestBuilds.RemoveAsync(pulled is null ? [tag] : [tag, pulled]);
            await TestBuilds.RemoveCacheVolumesAsync(tag);
        }
    }

    // With network host, a container sees this machine's interfaces.
    private static IReadOnlyList<string> HostInterfaces() =>
        Directory.GetFileSystemEntries("/sys/class/net").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
}
