using System.Security;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Apps;
using Buildpacks.TestInfrastructure.Users;

namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>
/// A throwaway .NET project in a temp dir (a <see cref="TestAppProject"/>) that uses the packed Buildpacks.MSBuild from
/// the local feed, as a user's project would: its own NuGet.config (the local feed and nuget.org) and a reference to the
/// exact packed version.
/// Beside the project: <see cref="TempRoot"/>, the TMPDIR of every publish (so the leak check sees exactly the temp
/// dirs the build made), and <see cref="OutputRoot"/> for layouts and archives. Everything goes on dispose.
/// </summary>
public sealed class TestProject : IDisposable
{
    private readonly TempDirectory _root;

    private TestAppProject _app;

    private TestProject(TempDirectory root, TestAppProject app, string packageVersion)
    {
        _root = root;
        _app = app;
        PackageVersion = packageVersion;
        Directory = root.Combine("src", app.Name);
        TempRoot = System.IO.Directory.CreateDirectory(root.Combine("tmp")).FullName;
        OutputRoot = System.IO.Directory.CreateDirectory(root.Combine("out")).FullName;
    }

    /// <summary>What kind of app this is.</summary>
    public AppKind Kind => _app.Kind;

    /// <summary>The project's (and its assembly's) name.</summary>
    public string Name => _app.Name;

    /// <summary>The Buildpacks.MSBuild version the project references.</summary>
    public string PackageVersion { get; }

    /// <summary>The project directory.</summary>
    public string Directory { get; }

    /// <summary>The .csproj file.</summary>
    public string ProjectPath => Path.Combine(Directory, _app.ProjectFileName);

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
        var package = new NuGetPackage(PackageFeed.PackageId, version);
        var app = new TestAppProject(kind, name, message)
        {
            Packages = packageUse == PackageUse.PackageReference ? [package] : [],
            Sdks = packageUse == PackageUse.Sdk ? [package] : [],
            ProjectXml = projectItems + ShowOutputsTarget,
        };
        var project = new TestProject(new TempDirectory("bp-e2e"), app, version);
        try
        {
            app.WriteTo(project.Directory);
            project.WriteFile("NuGet.config", NuGetConfig());
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
    public void SetMessage(string message)
    {
        _app = _app with { Message = message };
        WriteFile("Program.cs", _app.ProgramSource());
    }

    /// <summary>Adds a PackageReference to the project file (a package the NuGet cache of this machine has).</summary>
    public void AddPackage(NuGetPackage package)
    {
        _app = _app with { Packages = [.. _app.Packages, package] };
        WriteFile(_app.ProjectFileName, _app.ProjectFile());
    }

    /// <summary>The publish directory of a Release publish, for <paramref name="runtimeIdentifier"/> when given.</summary>
    public string PublishDirectory(string? runtimeIdentifier = null) =>
        Path.Combine([Directory, "bin", "Release", TestAppProject.TargetFramework, .. runtimeIdentifier is null ? Array.Empty<string>() : [runtimeIdentifier], "publish"]);

    /// <summary>
    /// The home and caches a publish by another user gets (<see cref="HandOverToAsync"/>): environment variable →
    /// directory under the project's root.
    /// </summary>
    public IReadOnlyDictionary<string, string> UserDirectories => new Dictionary<string, string>
    {
        ["HOME"] = _root.Combine("home"),
        ["DOTNET_CLI_HOME"] = _root.Combine("home"),
        ["NUGET_PACKAGES"] = _root.Combine("home", "nuget-packages"),
        ["XDG_CACHE_HOME"] = _root.Combine("home", "cache"),
    };

    /// <summary>
    /// Gives the project, its temp and output directories, a home for <paramref name="user"/> and a copy of the package
    /// feed to <paramref name="user"/>: what a publish by that user must read or write is where it can, wherever the
    /// checkout is and whatever the modes of its parents.
    /// </summary>
    public async Task HandOverToAsync(UnprivilegedUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var feed = System.IO.Directory.CreateDirectory(_root.Combine("feed")).FullName;
        foreach (var package in System.IO.Directory.GetFiles(PackageFeed.Directory, $"*.{PackageVersion}.nupkg"))
        {
            File.Copy(package, Path.Combine(feed, Path.GetFileName(package)), overwrite: true);
        }

        WriteFile("NuGet.config", NuGetConfig(feed));
        foreach (var directory in UserDirectories.Values)
        {
            System.IO.Directory.CreateDirectory(directory);
        }

        await user.OwnAsync(_root.Path).ConfigureAwait(false);
    }

    /// <summary>A path under <see cref="OutputRoot"/>.</summary>
    public string Output(string name) => Path.Combine(OutputRoot, name);

    /// <summary>Runs <c>dotnet publish</c> on the project with the sample builder and <paramref name="arguments"/>.</summary>
    public Task<PublishResult> PublishAsync(params string[] arguments) => DotnetPublish.RunAsync(this, arguments);

    /// <summary>As <see cref="PublishAsync"/>, with <paramref name="variables"/> in dotnet's environment.</summary>
    public Task<PublishResult> PublishWithAsync(IReadOnlyDictionary<string, string> variables, params string[] arguments) =>
        DotnetPublish.RunAsync(this, arguments, variables: variables);

    /// <summary>As <see cref="PublishAsync"/>, as <paramref name="user"/> (null: this process's user), after <see cref="HandOverToAsync"/>.</summary>
    public Task<PublishResult> PublishAsAsync(UnprivilegedUser? user, params string[] arguments) => DotnetPublish.RunAsync(this, arguments, user);

    /// <inheritdoc />
    public void Dispose() => _root.Dispose();

    /// <summary>A NuGet.config with the local feed (the packed package, or <paramref name="feed"/>) and nuget.org, for a project or a solution.</summary>
    public static string NuGetConfig(string? feed = null) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="buildpacks-local" value="{SecurityElement.Escape(feed ?? PackageFeed.Directory)}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
          </packageSources>
        </configuration>
        """;

    // Shows the task's outputs in the log, as a later target of the user's would see them.
    private static string ShowOutputsTarget => $"""

          <Target Name="ShowBuildpackOutputs" AfterTargets="PublishBuildpackImage">
            <Message Importance="high" Text="{PublishResult.OutputPrefix}BuildpackImageDigest=$(BuildpackImageDigest)" />
            <Message Importance="high" Text="{PublishResult.OutputPrefix}BuildpackImageUpToDate=$(BuildpackImageUpToDate)" />
          </Target>
        """;
}
