using System.Security;

namespace Buildpacks.TestInfrastructure.Apps;

/// <summary>
/// The source of a small .NET app that says <see cref="Message"/> (console: its output, web: GET /'s body, worker: its
/// log), written as a project that stands alone wherever it is put: no Directory.*.props/targets above it are imported
/// (a stray /tmp/Directory.Packages.props would switch on central package management, the repository's would turn on
/// its analyzers). Written rather than made with <c>dotnet new</c>, so that the same inputs always give the same files
/// (and <see cref="TestApps"/> can key its cache by them).
/// </summary>
/// <param name="Kind">What kind of app.</param>
/// <param name="Name">The project's (and its assembly's) name.</param>
/// <param name="Message">What the app says.</param>
public sealed record TestAppProject(AppKind Kind, string Name, string Message)
{
    /// <summary>The target framework of every test app: the SDK the repository builds with.</summary>
    public const string TargetFramework = "net10.0";

    /// <summary>The NuGet packages the project references besides what its kind needs.</summary>
    public IReadOnlyList<NuGetPackage> Packages { get; init; } = [];

    /// <summary>MSBuild SDK packages imported with <c>&lt;Sdk Name="…" Version="…" /&gt;</c>.</summary>
    public IReadOnlyList<NuGetPackage> Sdks { get; init; } = [];

    /// <summary>MSBuild XML placed inside the project element, after its items.</summary>
    public string ProjectXml { get; init; } = "";

    /// <summary><c>dotnet new console</c>'s app: a ConsoleApp that prints "Hello, World!".</summary>
    public static TestAppProject Console(string message = "Hello, World!", string name = "ConsoleApp") => new(AppKind.Console, name, message);

    /// <summary><c>dotnet new web</c>'s app: a WebApp whose GET / answers "Hello World!".</summary>
    public static TestAppProject Web(string message = "Hello World!", string name = "WebApp") => new(AppKind.Web, name, message);

    /// <summary>The .csproj file's name.</summary>
    public string ProjectFileName => Name + ".csproj";

    /// <summary>Writes the project into <paramref name="directory"/> (created if needed); returns the directory.</summary>
    public string WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(directory, file), "<Project>\n  <!-- Stops the search for this file above the test app. -->\n</Project>\n");
        }

        File.WriteAllText(Path.Combine(directory, ProjectFileName), ProjectFile());
        File.WriteAllText(Path.Combine(directory, "Program.cs"), ProgramSource());
        return directory;
    }

    /// <summary>The text of the .csproj.</summary>
    public string ProjectFile()
    {
        var sdk = Kind switch
        {
            AppKind.Web => "Microsoft.NET.Sdk.Web",
            AppKind.Worker => "Microsoft.NET.Sdk.Worker",
            _ => "Microsoft.NET.Sdk",
        };
        var packages = Kind == AppKind.Worker ? [new NuGetPackage("Microsoft.Extensions.Hosting", "10.0.0"), .. Packages] : Packages;
        var sdks = string.Concat(Sdks.Select(s => $"""  <Sdk Name="{Escape(s.Id)}" Version="{Escape(s.Version)}" />""" + "\n"));
        var references = string.Concat(packages.Select(p => $"""    <PackageReference Include="{Escape(p.Id)}" Version="{Escape(p.Version)}" />""" + "\n"));
        return $"""
            <Project Sdk="{sdk}">
            {sdks}  <PropertyGroup>
                <TargetFramework>{TargetFramework}</TargetFramework>
                <OutputType>{(Kind == AppKind.Library ? "Library" : "Exe")}</OutputType>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
            {references}  </ItemGroup>
            {ProjectXml}
            </Project>

            """;
    }

    /// <summary>The text of Program.cs.</summary>
    public string ProgramSource()
    {
        var literal = CSharpLiteral(Message);
        return Kind switch
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

    private static string Escape(string value) => SecurityElement.Escape(value);

    // Messages are plain test text; quotes and backslashes are all a C# literal needs escaped here.
    private static string CSharpLiteral(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

/// <summary>A NuGet package at a version.</summary>
/// <param name="Id">The package id.</param>
/// <param name="Version">The version.</param>
public sealed record NuGetPackage(string Id, string Version);
