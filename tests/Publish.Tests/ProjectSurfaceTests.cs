using System.Net;
using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Apps;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.MSBuild.Publish.Tests;

/// <summary>
/// The other ways a project takes the package and its settings: a publish profile (-p:PublishProfile=Buildpack, as an
/// IDE publishes) that sets the Buildpack* properties, the package's own profile when the project has none (the image
/// named after the project, into the daemon), a solution publish, and
/// <c>&lt;Sdk Name="Buildpacks.MSBuild" Version="…" /&gt;</c> instead of a PackageReference.
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

    [Fact]
    public async Task WithoutAProfileOfItsOwnThePackagesProfileNamesTheImageAfterTheProjectIntoTheDaemon()
    {
        const string message = "Hello from the package's profile";
        using var project = await TestProject.CreateAsync(AppKind.Console, message, "Profile.Defaults");
        var version = $"1.0.0-t{Guid.NewGuid():N}"[..20];
        var image = $"profile.defaults:{version}";
        await LeakCheck.AroundAsync(project, async () =>
        {
            try
            {
                var result = (await project.PublishAsync("-p:PublishProfile=Buildpack", $"-p:Version={version}")).EnsureSucceeded();
                result.EnsureLogContains($"Profile.Defaults -> docker.io/library/{image} (image sha256:");
                Assert.Equal(message, (await ImageRunner.RunToEndAsync(image)).Trim());
            }
            finally
            {
                await ImageRunner.RemoveImagesAsync(image);
            }
        });
    }

    [Fact]
    public async Task ASolutionPublishNeverGivesEveryProjectOneNameAndTheProfileNamesEachAppItsOwn()
    {
        using var solution = new TempDirectory("bp-solution");
        var package = new NuGetPackage(PackageFeed.PackageId, await PackageFeed.EnsureAsync());
        TestAppProject[] projects =
        [
            new(AppKind.Console, "Orders", "Hello from Orders") { Packages = [package] },
            new(AppKind.Console, "Billing", "Hello from Billing") { Packages = [package] },
            new(AppKind.Library, "Shop.Core", "a library") { Packages = [package] },
            new(AppKind.Console, "Shop.Tests", "not published") { Packages = [package], ProjectXml = "<PropertyGroup><IsPublishable>false</IsPublishable></PropertyGroup>" },
        ];
        foreach (var project in projects)
        {
            project.WriteTo(solution.Combine(project.Name));
        }

        solution.WriteFile("NuGet.config", TestProject.NuGetConfig());
        var slnx = solution.WriteFile("Shop.slnx", "<Solution>\n" + string.Concat(projects.Select(p => $"  <Project Path=\"{p.Name}/{p.ProjectFileName}\" />\n")) + "</Solution>\n");
        var registry = SampleServices.UniqueRepository("solution");
        string[] common = ["publish", slnx, "-c", "Release", "-v:n", "-nologo", $"-p:BuildpackBuilder={SampleServices.Builder}", "-p:BuildpackTrustBuilder=true", "-p:BuildpackPublish=true", "-p:BuildpackExecution=Local"];

        // One name for the whole solution, from the command line: refused, in every app project, before any build.
        var oneName = await RunDotnetAsync(solution.Path, [.. common, $"-p:BuildpackImage={registry}/shop:1"]);
        Assert.NotEqual(0, oneName.ExitCode);
        Assert.Contains($"error {Codes.Of(Messages.ImageForEveryProject)}: ", oneName.StandardOutput, StringComparison.Ordinal);
        Assert.False(await TagExistsAsync($"{registry}/shop", "1"));

        // The package's profile: each app its own repository, the library and the unpublishable project none.
        var own = await RunDotnetAsync(solution.Path, [.. common, "-p:PublishProfile=Buildpack", $"-p:BuildpackRegistry={registry}"]);
        Assert.True(own.ExitCode == 0, own.StandardOutput + own.StandardError);
        Assert.True(await TagExistsAsync($"{registry}/orders", "1.0.0"), own.StandardOutput);
        Assert.True(await TagExistsAsync($"{registry}/billing", "1.0.0"), own.StandardOutput);
        Assert.False(await TagExistsAsync($"{registry}/shop.core", "1.0.0"));
        Assert.False(await TagExistsAsync($"{registry}/shop.tests", "1.0.0"));
        Assert.Equal("Hello from Billing", (await ImageRunner.RunToEndAsync($"{registry}/billing:1.0.0")).Trim());
        await ImageRunner.RemoveImagesAsync($"{registry}/billing:1.0.0");
    }

    private static Task<ProcessResult> RunDotnetAsync(string directory, string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", arguments, directory, DotnetCli.Environment(), timeout: TimeSpan.FromMinutes(10));

    // Asks the loopback registry directly (a missing repository is 404 too).
    private static async Task<bool> TagExistsAsync(string repository, string tag)
    {
        using var http = new HttpClient();
        var path = repository[(SampleServices.Registry.Length + 1)..];
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri($"http://{SampleServices.Registry}/v2/{path}/manifests/{tag}"));
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        using var response = await http.SendAsync(request);
        return response.StatusCode == HttpStatusCode.OK;
    }
}
