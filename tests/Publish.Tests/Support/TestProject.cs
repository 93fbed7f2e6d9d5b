using System.Security;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>
/// A throwaway .NET project in a temp dir that uses the packed Buildpacks.MSBuild from the local feed, as a user's
/// project would: its own NuGet.config (the local feed and nuget.org) and a reference to the exact packed version.
/// Beside the project: <see cref="TempRoot"/>, the TMPDIR of every publish (so the leak check sees exactly the temp
/// dirs the build made), and <see cref="OutputRoot"/> for layouts and archives. Everything goes on dispose.
/// </summary>
public sealed class TestProject : IDisposable
{
    private readonly TempDirectory _root;

    private TestProject(TempDirectory root, AppKind kind, string name, string packageVersion)
    {
        _root = root;
        Kind = kind;
        Name = name;
        PackageVersion = packageVersion;
        Directory = root.Combine("src", name);
        TempRoot = System.IO.Directory.CreateDirectory(root.Combine("tmp")).FullName;
        OutputRoot = System.IO.Directory.CreateDirectory(root.Combine("out")).FullName;
    }

    /// <summary>What kind of app this is.</summary>
    public AppKind Kind { get; }

    /// <summary>The project's (and its assembly's) name.</summary>
    public string Name { get; }

    /// <summary>The Buildpacks.MSBuild version the project references.</summary>
    public string PackageVersion { get; }

    /// <summary>The project directory.</summary>
    public string Directory { get; }

    /// <summary>The .csproj file.</summary>
    public string ProjectPath => Path.Combine(Directory, Name + ".csproj");

    /// <summary>The TMPDIR of every publish of this project.</summary>
    public string TempRoot { get; }

    /// <summary>A directory for image layouts and archives.</summary>
    public string OutputRoot { get; }

    /// <summary>
    /// Writes a project of <paramref name="kind"/> whose app says <paramref name="message"/> (web: GET /'s body, console:
    /// its output, worker: its log), with <paramref name="projectItems"/> (MSBuild XML) inside the project element.
    /// Packs the feed first if needed.
    /// </summary>
    public static async Task<TestProject> CreateAsync(
        AppKind kind,
        string message,
        string name = "App",
        PackageUse packageUse = PackageUse.PackageReference,
        string projectItems = "")
    {
        var version = await PackageFeed.EnsureAsync().ConfigureAwait(false);
        var root = new TempDirectory("bp-e2e");
        var project = new TestProject(root, kind, name, version);
        try
        {
            // A user's project stands alone: stop MSBuild from importing any Directory.*.props/targets above the temp
            // dir (a stray /tmp/Directory.Packages.props would switch on central package management).
            foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            {
                File.WriteAllText(root.Combine(file), "<Project>\n  <!-- Stops the search for this file above the test's temp dir. -->\n</Project>\n");
            }

            project.WriteFile("NuGet.config", NuGetConfig());
            project.WriteFile(name + ".csproj", ProjectFile(kind, version, packageUse, projectItems));
            project.SetMessage(message);
            return project;
        }
        catch
        {
            project.Dispose();
            throw;
        }
    }

    /// <summary>Writes a file under the project directory and returns its full path.</summary>
    public string WriteFile(string relativePath, string content)
    {
        var full = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    /// <summary>Rewrites Program.cs so that the app says <paramref name="message"/> (a one-line code change).</summary>
    public void SetMessage(string message) => WriteFile("Program.cs", ProgramSource(Kind, message));

    /// <summary>A path under <see cref="OutputRoot"/>.</summary>
    public string Output(string name) => Path.Combine(OutputRoot, name);

    /// <summary>Runs <c>dotnet publish</c> on the project with the sample builder and <paramref name="arguments"/>.</summary>
    public Task<PublishResult> PublishAsync(params string[] arguments) => DotnetPublish.RunAsync(this, arguments);

    /// <inheritdoc />
    public void Dispose() => _root.Dispose();

    private static string NuGetConfig() => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="buildpacks-local" value="{SecurityElement.Escape(PackageFeed.Directory)}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
          </packageSources>
        </configuration>
        """;

    private static string ProjectFile(AppKind kind, string version, PackageUse packageUse, string projectItems)
    {
        var sdk = kind switch
        {
            AppKind.Web => "Microsoft.NET.Sdk.Web",
            AppKind.Worker => "Microsoft.NET.Sdk.Worker",
            _ => "Microsoft.NET.Sdk",
        };
        var outputType = kind == AppKind.Library ? "Library" : "Exe";
        var sdkElement = packageUse == PackageUse.Sdk ? $"""  <Sdk Name="{PackageFeed.PackageId}" Version="{version}" />""" : string.Empty;
        var reference = packageUse == PackageUse.PackageReference
            ? $"""    <PackageReference Include="{PackageFeed.PackageId}" Version="{version}" />"""
            : string.Empty;
        var hosting = kind == AppKind.Worker ? """    <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.0" />""" : string.Empty;
        return $"""
            <Project Sdk="{sdk}">
            {sdkElement}
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>{outputType}</OutputType>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
            {reference}
            {hosting}
              </ItemGroup>
            {projectItems}
              <!-- Shows the task's outputs in the log, as a later target of the user's would see them. -->
              <Target Name="ShowBuildpackOutputs" AfterTargets="PublishBuildpackImage">
                <Message Importance="high" Text="{PublishResult.OutputPrefix}BuildpackImageDigest=$(BuildpackImageDigest)" />
                <Message Importance="high" Text="{PublishResult.OutputPrefix}BuildpackImageUpToDate=$(BuildpackImageUpToDate)" />
              </Target>
            </Project>
            """;
    }

    private static string ProgramSource(AppKind kind, string message)
    {
        var literal = SymbolDisplayLiteral(message);
        return kind switch
        {
            AppKind.Web => $"""
                var app = WebApplication.CreateBuilder(args).Build();
                app.MapGet("/", () => {literal});
                app.Run();
                """,
            AppKind.Worker => $$"""
                var builder = Host.CreateApplicationBuilder(args);
                builder.Services.AddHostedService<Greeter>();
                builder.Build().Run();

                sealed class Greeter(ILogger<Greeter> logger) : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        logger.LogWarning({{literal}});
                        await Task.Delay(Timeout.Infinite, stoppingToken);
                    }
                }
                """,
            AppKind.Library => $$"""
                namespace Library;

                public static class Greeting
                {
                    public const string Message = {{literal}};
                }
                """,
            _ => $"""
                Console.WriteLine({literal});
                """,
        };
    }

    // Messages are plain test text; quotes and backslashes are all a C# literal needs escaped here.
    private static string SymbolDisplayLiteral(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
