using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Apps;

namespace Buildpacks.Samples.Tests.Support;

/// <summary>
/// <c>dotnet new console</c>'s app (with a NuGet package, so its SBOM has something to list) and <c>dotnet new web</c>'s,
/// each published framework-dependent and self-contained for linux-x64 (<see cref="TestApps"/>), once for all tests of
/// the collection.
/// </summary>
public sealed class PublishedApps : IAsyncLifetime
{
    /// <summary>The NuGet package the console app references (a version the repository already restores).</summary>
    public const string ConsolePackage = "Tomlyn";

    public string ConsolePackageVersion { get; } = CentralPackageVersion(ConsolePackage);

    public string ConsoleFrameworkDependent { get; private set; } = "";

    public string ConsoleSelfContained { get; private set; } = "";

    public string WebFrameworkDependent { get; private set; } = "";

    public string WebSelfContained { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var console = TestAppProject.Console() with { Packages = [new NuGetPackage(ConsolePackage, ConsolePackageVersion)] };
        var web = TestAppProject.Web();
        var frameworkDependent = await Task.WhenAll(
            TestApps.PublishAsync(console, AppDeployment.FrameworkDependent),
            TestApps.PublishAsync(web, AppDeployment.FrameworkDependent));
        var selfContained = await Task.WhenAll(
            TestApps.PublishAsync(console, AppDeployment.SelfContained),
            TestApps.PublishAsync(web, AppDeployment.SelfContained));
        (ConsoleFrameworkDependent, WebFrameworkDependent) = (frameworkDependent[0], frameworkDependent[1]);
        (ConsoleSelfContained, WebSelfContained) = (selfContained[0], selfContained[1]);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string CentralPackageVersion(string package)
    {
        var props = System.Xml.Linq.XDocument.Load(RepositoryRoot.Combine("Directory.Packages.props"));
        return props.Descendants("PackageVersion").FirstOrDefault(e => (string?)e.Attribute("Include") == package)?.Attribute("Version")?.Value
            ?? throw new InvalidOperationException($"Directory.Packages.props has no version of {package}.");
    }
}

/// <summary>The tests that share the published apps.</summary>
[CollectionDefinition(Name)]
public sealed class PublishedAppsCollection : ICollectionFixture<PublishedApps>
{
    public const string Name = "published apps";
}
