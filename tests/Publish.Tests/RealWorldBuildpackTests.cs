using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.TestInfrastructure.Apps;
using Buildpacks.TestInfrastructure.Buildpacks;

namespace Buildpacks.MSBuild.Publish.Tests;

/// <summary>
/// Buildpacks that behave as real-world ones do (<see cref="RealWorldBuildpacks"/>: absolute layer paths in the
/// launch.toml command, env.launch and env.build files, exec.d and profile.d, the SBOM; a cache-only layer; a
/// launch+cache layer) see the build image in both modes, as a container of it would show it (the build user, the
/// stack, the image's own os-release, the spec's paths, a writable home and /tmp, a read-only root, the platform env),
/// keep their cache between builds, and give the same image, to the digest, in Container and Local execution; the image
/// starts with the launch environment they wrote.
/// </summary>
public sealed class RealWorldBuildpackTests
{
    private const string ProjectItems = """
          <ItemGroup>
            <BuildpackEnvironment Include="FROM_MSBUILD" Value="set by an item" />
            <Buildpack Include="$(MSBuildProjectDirectory)/buildpacks/real-world-runtime" />
            <Buildpack Include="$(MSBuildProjectDirectory)/buildpacks/real-world-consumer" />
          </ItemGroup>
        """;

    [Fact]
    public async Task BothModesSeeTheBuildImageKeepTheCacheAndGiveTheSameImage()
    {
        using var project = await TestProject.CreateAsync(AppKind.Console, "Hello, real world", "RealWorld", projectItems: ProjectItems);
        RealWorldBuildpacks.WriteTo(Path.Combine(project.Directory, "buildpacks"));
        var builder = await SampleServices.PinnedBuilderAsync();
        var digests = new List<(string Build, string Digest)>();
        foreach (var execution in new[] { "Container", "Local" })
        {
            var image = SampleServices.UniqueRepository($"real-world-{execution.ToLowerInvariant()}") + ":1";
            await LeakCheck.AroundAsync(project, async () =>
            {
                try
                {
                    // A mirror the user names: both modes record the run image with it, first, for a rebase to follow.
                    string[] arguments =
                    [
                        $"-p:BuildpackImage={image}", "-p:BuildpackPublish=true", $"-p:BuildpackExecution={execution}", "-p:BuildpackVerbose=true",
                        $"-p:BuildpackBuilder={builder}", $"-p:BuildpackRunImageMirrors={RunImageMirror}",
                    ];
                    var cold = (await project.PublishAsync(arguments)).EnsureSucceeded();
                    var warm = (await project.PublishAsync([.. arguments, "-p:BuildpackForce=true"])).EnsureSucceeded();

                    EnsureSeesTheBuildImage(cold);
                    EnsureSeesTheBuildImage(warm);
                    cold.EnsureLogContains(Fact("cache-count=0"));
                    warm.EnsureLogContains(Fact("cache-count=1")); // the cache-only layer came back, with its content
                    warm.EnsureLogContains("Reusing layer 'tests/real-world-runtime:runtime'"); // launch+cache: not uploaded again
                    digests.Add(($"{execution} cold", cold.Output("BuildpackImageDigest")));
                    digests.Add(($"{execution} warm", warm.Output("BuildpackImageDigest")));

                    var lifecycle = (await Skopeo.LabelsAsync($"docker://{image}"))["io.buildpacks.lifecycle.metadata"];
                    Assert.Contains(RunImageMirror, lifecycle, StringComparison.Ordinal);

                    var launched = await ImageRunner.RunToEndAsync(image);
                    Assert.Contains($"{RealWorldBuildpacks.LaunchEnvPrefix}GREETING_HOME={RealWorldBuildpacks.RuntimeLayer}", launched, StringComparison.Ordinal);
                    Assert.Contains($"{RealWorldBuildpacks.LaunchEnvPrefix}EXECD_HOME={RealWorldBuildpacks.RuntimeLayer}", launched, StringComparison.Ordinal);
                }
                finally
                {
                    await ImageRunner.RemoveImagesAsync(image);
                }
            });
        }

        Assert.True(digests.Select(d => d.Digest).Distinct().Count() == 1, "the builds gave different images: " + string.Join(", ", digests));
    }

    private const string RunImageMirror = SampleServices.Registry + "/buildpacks-samples/run-mirror:bookworm";

    private static void EnsureSeesTheBuildImage(PublishResult result)
    {
        result.EnsureLogContains(Fact("uid=1000"))
            .EnsureLogContains(Fact("gid=1000"))
            .EnsureLogContains(Fact("stack=io.buildpacks.samples.stacks.bookworm"))
            .EnsureLogContains(Fact("os-variant=buildpacks-msbuild-build"))
            .EnsureLogContains(Fact("layers=/layers/tests_real-world-runtime"))
            .EnsureLogContains(Fact("app=/workspace"))
            .EnsureLogContains(Fact("home-writable=yes"))
            .EnsureLogContains(Fact("tmp-writable=yes"))
            .EnsureLogContains(Fact("root-writable=no"))
            .EnsureLogContains(Fact("build-tool-home=" + RealWorldBuildpacks.RuntimeLayer))
            .EnsureLogContains(BuildScript.EnvLinePrefix + "FROM_MSBUILD=set by an item");
    }

    private static string Fact(string fact) => RealWorldBuildpacks.FactPrefix + fact;
}
