using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Apps;

namespace Buildpacks.MSBuild.Tasks.Tests.Builders;

/// <summary>
/// The Buildpacks.MSBuild package from the local feed (build/pack.sh, which packs only when the sources changed), and
/// <c>dotnet msbuild</c> runs of plain projects that use it as <c>&lt;Sdk Name="Buildpacks.MSBuild" Version="…" /&gt;</c>,
/// as a platform team would.
/// </summary>
internal static class PackedSdk
{
    // build/pack.sh once per test run.
    private static readonly Lazy<Task<string>> Version = new(PackAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Feed => RepositoryRoot.Combine("artifacts", "feed");

    /// <summary>Writes <c>builder.proj</c> (the package as its SDK) and a NuGet.config naming only the feed into <paramref name="directory"/>.</summary>
    public static async Task<string> WriteProjectAsync(string directory)
    {
        var version = await Version.Value;
        File.WriteAllText(Path.Combine(directory, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="buildpacks-msbuild" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        var project = Path.Combine(directory, "builder.proj");
        File.WriteAllText(project, $"""
            <Project>
              <Sdk Name="Buildpacks.MSBuild" Version="{version}" />
            </Project>
            """);
        return project;
    }

    /// <summary>Runs <c>dotnet msbuild</c> on <paramref name="project"/> with <paramref name="arguments"/>.</summary>
    public static Task<ProcessResult> MSBuildAsync(string project, params string[] arguments) =>
        ProcessRunner.RunAsync(
            "dotnet",
            ["msbuild", project, "-nologo", "-v:n", .. arguments],
            workingDirectory: Path.GetDirectoryName(project),
            environment: DotnetCli.Environment(),
            timeout: TimeSpan.FromMinutes(5));

    private static async Task<string> PackAsync()
    {
        var result = await ProcessRunner.RunAsync(
            "bash",
            [RepositoryRoot.Combine("build", "pack.sh")],
            workingDirectory: RepositoryRoot.Path,
            environment: DotnetCli.Environment(),
            timeout: TimeSpan.FromMinutes(15));
        result.EnsureSuccess("bash build/pack.sh");
        return File.ReadAllText(Path.Combine(Feed, "version.txt")).Trim();
    }
}
