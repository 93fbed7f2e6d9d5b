using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.TestInfrastructure.Buildpacks;
using Buildpacks.TestInfrastructure.Apps;

namespace Buildpacks.MSBuild.Publish.Tests;

/// <summary>
/// What the project gives the buildpacks: BuildpackEnvironment items and project.toml's build env reach them (a
/// fixture buildpack, added with a Buildpack item, prints its platform env and app dir), an MSBuild item wins over
/// project.toml for the same name, and project.toml's exclude keeps a published file out of the app layer.
/// </summary>
public sealed class BuildInputsTests
{
    private const string ProjectItems = """
          <ItemGroup>
            <None Include="secret.txt" CopyToPublishDirectory="PreserveNewest" />
            <BuildpackEnvironment Include="FROM_MSBUILD" Value="set by an item" />
            <BuildpackEnvironment Include="SET_TWICE" Value="the item wins" />
            <Buildpack Include="$(MSBuildProjectDirectory)/buildpacks/env-printer" />
          </ItemGroup>
        """;

    private const string ProjectToml = """
        [_]
        schema-version = "0.2"

        [io.buildpacks]
        exclude = ["secret.txt"]

        [[io.buildpacks.build.env]]
        name = "FROM_PROJECT_TOML"
        value = "set by project.toml"

        [[io.buildpacks.build.env]]
        name = "SET_TWICE"
        value = "project.toml loses"
        """;

    [Theory]
    [InlineData("Container")]
    [InlineData("Local")]
    public async Task EnvironmentReachesTheBuildpacksAndExcludedFilesStayOutOfTheApp(string execution)
    {
        using var project = await TestProject.CreateAsync(AppKind.Console, "Hello, build inputs", "InputsConsole", projectItems: ProjectItems);
        project.WriteFile("secret.txt", "not for the image");
        project.WriteFile("project.toml", ProjectToml);
        new FixtureBuildpack("publish-tests/env-printer") { Build = new BuildScript().PrintPlatformEnv().PrintAppFiles() }.WriteTo(Path.Combine(project.Directory, "buildpacks", "env-printer"));
        var image = SampleServices.UniqueRepository($"inputs-{execution.ToLowerInvariant()}") + ":1";
        await LeakCheck.AroundAsync(project, async () =>
        {
            var result = await project.PublishAsync(
                $"-p:BuildpackImage={image}", "-p:BuildpackPublish=true", $"-p:BuildpackExecution={execution}",
                "-p:BuildpackVerbose=true");
            result.EnsureSucceeded();
            Assert.True(File.Exists(Path.Combine(project.Directory, "bin", "Release", "net10.0", "publish", "secret.txt")), "secret.txt is published");

            result.EnsureLogContains(BuildScript.EnvLinePrefix + "FROM_MSBUILD=set by an item");
            result.EnsureLogContains(BuildScript.EnvLinePrefix + "FROM_PROJECT_TOML=set by project.toml");
            result.EnsureLogContains(BuildScript.EnvLinePrefix + "SET_TWICE=the item wins");
            Assert.DoesNotContain("project.toml loses", result.Log, StringComparison.Ordinal);
            result.EnsureLogContains(BuildScript.AppLinePrefix + "InputsConsole.dll");
            Assert.DoesNotContain(BuildScript.AppLinePrefix + "secret.txt", result.Log, StringComparison.Ordinal);

            var layout = project.Output("layout");
            await Skopeo.CopyToLayoutAsync("docker://" + image, layout, "1");
            var files = (await LayoutLayers.ReadAsync(layout, "1")).SelectMany(layer => layer).ToList();
            Assert.Contains("workspace/InputsConsole.dll", files);
            Assert.DoesNotContain(files, file => file.EndsWith("secret.txt", StringComparison.Ordinal));
        });
    }
}
