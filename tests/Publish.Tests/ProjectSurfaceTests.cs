using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.TestInfrastructure.Apps;

namespace Buildpacks.MSBuild.Publish.Tests;

/// <summary>
/// The other ways a project takes the package and its settings: a publish profile (-p:PublishProfile=Buildpack, as an
/// IDE publishes) that sets the Buildpack* properties, and <c>&lt;Sdk Name="Buildpacks.MSBuild" Version="…" /&gt;</c>
/// instead of a PackageReference.
/// </summary>
public sealed class ProjectSurfaceTests
{
    [Fact]
    public async Task PublishProfileSetsTheProperties()
    {
        const string message = "Hello from a publish profile";
        using var project = await TestProject.CreateAsync(AppKind.Console, message, "ProfileConsole");
        var image = SampleServices.UniqueRepository("profile") + ":1";
        project.WriteFile(Path.Combine("Properties", "PublishProfiles", "Buildpack.pubxml"), $"""
            <Project>
              <PropertyGroup>
                <BuildpackImage>{image}</BuildpackImage>
                <BuildpackPublish>true</BuildpackPublish>
                <BuildpackExecution>Local</BuildpackExecution>
              </PropertyGroup>
            </Project>
            """);
        await LeakCheck.AroundAsync(project, async () =>
        {
            var result = (await project.PublishAsync("-p:PublishProfile=Buildpack")).EnsureSucceeded();
            Assert.Equal(await Skopeo.DigestAsync("docker://" + image), result.Output("BuildpackImageDigest"));
            try
            {
                Assert.Equal(message, (await ImageRunner.RunToEndAsync(image)).Trim());
            }
            finally
            {
                await ImageRunner.RemoveImagesAsync(image);
            }
        });
    }

    [Fact]
    public async Task SdkElementBringsThePackageIn()
    {
        const string message = "Hello from an Sdk element";
        using var project = await TestProject.CreateAsync(AppKind.Console, message, "SdkConsole", PackageUse.Sdk);
        var layout = project.Output("layout");
        var image = SampleServices.UniqueRepository("sdk-element") + ":1";
        await LeakCheck.AroundAsync(project, async () =>
        {
            var result = (await project.PublishAsync(
                $"-p:BuildpackImage={image}", "-p:BuildpackExecution=Local", $"-p:BuildpackLayoutOutputPath={layout}")).EnsureSucceeded();
            Assert.Equal(await Skopeo.DigestAsync($"oci:{layout}"), result.Output("BuildpackImageDigest"));
            try
            {
                await Skopeo.CopyToDaemonAsync($"oci:{layout}", image);
                Assert.Equal(message, (await ImageRunner.RunToEndAsync(image)).Trim());
            }
            finally
            {
                await ImageRunner.RemoveImagesAsync(image);
            }
        });
    }
}
