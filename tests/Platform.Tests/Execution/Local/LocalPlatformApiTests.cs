using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Execution;
using Buildpacks.Platform.Execution.Local;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;
using Xunit;

namespace Buildpacks.Platform.Tests.Execution.Local;

/// <summary>
/// Local execution speaks to a builder's lifecycle and launcher in the Platform API they support, as Container execution
/// does: a builder whose lifecycle offers only Platform API 0.12 and 0.13 runs its sandboxed phases under 0.13, and its
/// images carry <c>CNB_PLATFORM_API=0.13</c> for its launcher (not the newest this platform speaks).
/// </summary>
[Collection(LocalExecutionCollection.Name)]
public sealed class LocalPlatformApiTests(LocalExecutionFixture fixture) : IDisposable
{
    private readonly TempDirectory _temp = new("local-platform-api");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_builder_whose_lifecycle_stops_at_0_13_builds_and_launches_under_0_13()
    {
        using var registry = new RegistryStore();
        var builder = ImageReference.Parse($"127.0.0.1:5000/{DockerTestCli.UniqueRepository("older-lifecycle-builder")}:1");
        await BuilderCreation.CreateAsync(
            new BuilderCreationRequest { ConfigPath = WriteBuilderToml(OlderLifecycle()), Tags = [builder] },
            registry,
            registry,
            CancellationToken.None);
        var layout = _temp.Combine("layout");
        var tag = ImageReference.Parse($"127.0.0.1:5000/{DockerTestCli.UniqueRepository("older-lifecycle-app")}:1");
        var log = new TestBuildLog();

        await new LocalExecution(new LocalExecutionOptions { CacheRoot = fixture.SharedCacheRoot, Registry = registry }).BuildAsync(
            new BuildRequest
            {
                AppDirectory = fixture.ConsoleFrameworkDependent,
                Tags = [tag],
                Builder = builder,
                TrustBuilder = true,
                Destination = new ImageDestination(ImageDestinationKind.Layout, layout),
                Cache = new BuildCache { Directory = _temp.Combine("cache") },
            },
            log,
            CancellationToken.None);

        var image = await new OciLayoutImageStore(layout).TryReadImageAsync(tag, ImagePlatform.Parse("linux/amd64"), CancellationToken.None);
        Assert.NotNull(image);
        Assert.Equal("0.13", image.Config.Config.GetEnv("CNB_PLATFORM_API"));
        Assert.Contains(log.PhaseOutputOf("builder"), line => line.Length > 0); // the builder's own lifecycle ran the build, under 0.13
    }

    // Our binaries with a lifecycle.toml that declares Platform APIs 0.12 and 0.13 only, as an older lifecycle does.
    private string OlderLifecycle()
    {
        var directory = Directory.CreateDirectory(_temp.Combine("lifecycle")).FullName;
        foreach (var binary in new[] { "lifecycle", "launcher" })
        {
            var target = Path.Combine(directory, binary);
            File.Copy(RepositoryRoot.Combine("artifacts", "bin", "linux-x64", binary), target);
            File.SetUnixFileMode(target, (UnixFileMode)0b111_101_101);
        }

        File.WriteAllText(Path.Combine(directory, "lifecycle.toml"), """
            [apis]
            [apis.buildpack]
            deprecated = []
            supported = ["0.7", "0.8", "0.9", "0.10", "0.11", "0.12"]
            [apis.platform]
            deprecated = []
            supported = ["0.12", "0.13"]

            [lifecycle]
            version = "0.17.0"
            """);
        return directory;
    }

    // The sample builder's definition, with that lifecycle.
    private string WriteBuilderToml(string lifecycle)
    {
        var sample = File.ReadAllText(RepositoryRoot.Combine("samples", "builder", "builder.toml"))
            .Replace("uri = \"../buildpacks/", $"uri = \"{RepositoryRoot.Combine("samples", "buildpacks")}/", StringComparison.Ordinal)
            .Replace("uri = \"../../artifacts/bin/linux-x64\"", $"uri = \"{lifecycle}\"", StringComparison.Ordinal);
        return _temp.WriteFile("builder.toml", sample);
    }
}
