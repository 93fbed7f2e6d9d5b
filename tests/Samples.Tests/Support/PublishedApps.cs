using Buildpacks.TestInfrastructure;

namespace Buildpacks.Samples.Tests.Support;

/// <summary>
/// <c>dotnet new console</c> (with a NuGet package, so its SBOM has something to list) and <c>dotnet new web</c>
/// apps, each published framework-dependent and self-contained for linux-x64, once for all tests of the collection.
/// Offline: the templates come with the SDK, the packages and runtime packs from the NuGet cache.
/// </summary>
public sealed class PublishedApps : IAsyncLifetime
{
    /// <summary>The NuGet package the console app references (a version the repository already restores).</summary>
    public const string ConsolePackage = "Tomlyn";

    private readonly TempDirectory _temp = new("samples-apps");

    public string ConsolePackageVersion { get; } = CentralPackageVersion(ConsolePackage);

    public string ConsoleFrameworkDependent => _temp.Combine("publish", "console-fd");

    public string ConsoleSelfContained => _temp.Combine("publish", "console-sc");

    public string WebFrameworkDependent => _temp.Combine("publish", "web-fd");

    public string WebSelfContained => _temp.Combine("publish", "web-sc");

    public async Task InitializeAsync()
    {
        var console = await NewAsync("console", "ConsoleApp");
        await DotnetAsync(console, "add", "package", ConsolePackage, "--version", ConsolePackageVersion, "--no-restore");
        var web = await NewAsync("web", "WebApp");
        await Task.WhenAll(
            PublishAsync(console, ConsoleFrameworkDependent, selfContained: false),
            PublishAsync(web, WebFrameworkDependent, selfContained: false));
        await Task.WhenAll(
            PublishAsync(console, ConsoleSelfContained, selfContained: true),
            PublishAsync(web, WebSelfContained, selfContained: true));
    }

    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A copy of a publish output in a fresh directory under <paramref name="temp"/>, for a test to change.</summary>
    public static string CopyTo(string publishDir, TempDirectory temp, string name)
    {
        var destination = temp.Combine(name);
        foreach (var file in Directory.EnumerateFiles(publishDir, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(publishDir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }

        return destination;
    }

    private async Task<string> NewAsync(string template, string name)
    {
        var dir = _temp.Combine("src", name);
        await DotnetAsync(_temp.Path, "new", template, "-n", name, "-o", dir);
        return dir;
    }

    private static Task PublishAsync(string project, string output, bool selfContained) =>
        DotnetAsync(project, ["publish", "-c", "Release", "-o", output, "-nologo", .. selfContained ? new[] { "-r", "linux-x64", "--self-contained" } : []]);

    private static async Task DotnetAsync(string workingDirectory, params string[] args)
    {
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        };
        var result = await ProcessRunner.RunAsync("dotnet", args, workingDirectory, environment, timeout: TimeSpan.FromMinutes(5));
        result.EnsureSuccess($"dotnet {string.Join(' ', args)}");
    }

    private static string CentralPackageVersion(string package)
    {
        var props = System.Xml.Linq.XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Packages.props"));
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
