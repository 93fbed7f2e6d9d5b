using System.Text.Json;
using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Apps;

namespace Buildpacks.MSBuild.Publish.Tests;

/// <summary>
/// What the image carries for its run besides the app, as the SDK's containers do: the ports of BuildpackPort items
/// (exposed, and the app listens on the first: PORT), the variables of BuildpackRuntimeEnvironment items, and OCI
/// labels from the project's properties and SourceLink (BuildpackGenerateLabels=false leaves them out).
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Theory]
    [InlineData("Container")]
    [InlineData("Local")]
    public async Task PortsVariablesAndLabelsAreInTheImageAndTheAppListensOnItsPort(string execution)
    {
        const string message = "Hello on a port of its own";
        using var project = await TestProject.CreateAsync(AppKind.Web, message, "PortsWeb", projectItems: """
              <PropertyGroup>
                <PublishRepositoryUrl>true</PublishRepositoryUrl>
                <Title>Ports Web</Title>
                <Version>2.3.4</Version>
              </PropertyGroup>
              <ItemGroup>
                <BuildpackPort Include="$(AppPort)" />
                <BuildpackRuntimeEnvironment Include="GREETING_SOURCE" Value="runtime env" />
              </ItemGroup>
            """);
        var revision = await CommitAsync(project.Directory, "https://example.com/team/ports-web.git");
        var port = ImageRunner.FreePort();
        var image = SampleServices.UniqueRepository($"runtime-{execution.ToLowerInvariant()}") + ":1";
        string[] arguments = [$"-p:AppPort={port}", $"-p:BuildpackImage={image}", "-p:BuildpackPublish=true", $"-p:BuildpackExecution={execution}"];
        try
        {
            (await project.PublishAsync(arguments)).EnsureSucceeded();

            using (var config = await Skopeo.ConfigAsync("docker://" + image))
            {
                var container = config.RootElement.GetProperty("config");
                Assert.Contains($"{port}/tcp", container.GetProperty("ExposedPorts").EnumerateObject().Select(p => p.Name));
                var env = container.GetProperty("Env").EnumerateArray().Select(e => e.GetString()).ToList();
                Assert.Contains($"PORT={port}", env);
                Assert.Contains("GREETING_SOURCE=runtime env", env);
                Assert.Contains(env, e => e!.StartsWith("CNB_LAYERS_DIR=", StringComparison.Ordinal));
                var labels = container.GetProperty("Labels").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString());
                Assert.Equal("1980-01-01T00:00:01Z", labels["org.opencontainers.image.created"]);
                Assert.Equal(config.RootElement.GetProperty("created").GetString()![..19], labels["org.opencontainers.image.created"]![..19]);
                Assert.Equal("2.3.4", labels["org.opencontainers.image.version"]);
                Assert.Equal("Ports Web", labels["org.opencontainers.image.title"]);
                Assert.Equal("https://example.com/team/ports-web", labels["org.opencontainers.image.source"]);
                Assert.Equal(revision, labels["org.opencontainers.image.revision"]);
                Assert.Equal("10.0", labels["net.dot.runtime.majorminor"]);
                Assert.Contains("io.buildpacks.lifecycle.metadata", labels.Keys);
            }

            // Nothing given at run time: the app listens where the image says.
            Assert.Equal(message, await ImageRunner.GetRootOnItsOwnPortAsync(image, port));

            if (execution == "Local")
            {
                (await project.PublishAsync([.. arguments, "-p:BuildpackGenerateLabels=false"])).EnsureSucceeded();
                var labels = await Skopeo.LabelsAsync("docker://" + image);
                Assert.DoesNotContain(labels.Keys, k => k.StartsWith("org.opencontainers.", StringComparison.Ordinal) || k.StartsWith("net.dot.", StringComparison.Ordinal));
                Assert.Contains("io.buildpacks.lifecycle.metadata", labels.Keys);
            }
        }
        finally
        {
            await ImageRunner.RemoveImagesAsync(image);
        }
    }

    // Makes the project a git repository with one commit and an origin, as SourceLink reads them; returns the commit.
    private static async Task<string> CommitAsync(string directory, string origin)
    {
        async Task<string> Git(params string[] arguments) =>
            (await ProcessRunner.RunAsync("git", ["-c", "user.name=Tests", "-c", "user.email=tests@example.com", "-c", "init.defaultBranch=main", .. arguments], directory, timeout: TimeSpan.FromMinutes(1)))
                .EnsureSuccess("git " + string.Join(' ', arguments)).StandardOutput.Trim();

        await Git("init", "--quiet");
        await Git("remote", "add", "origin", origin);
        await Git("add", "--all");
        await Git("commit", "--quiet", "-m", "the app");
        return await Git("rev-parse", "HEAD");
    }
}
