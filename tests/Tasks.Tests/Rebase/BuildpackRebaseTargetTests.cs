using Buildpacks.TestInfrastructure;

namespace Buildpacks.MSBuild.Tasks.Tests.Rebase;

/// <summary>
/// <c>dotnet msbuild -t:BuildpackRebase</c> as a child process on a plain .proj that has no app: the target needs
/// nothing but the package's props and targets (imported from src/Sdk/build, with the task assembly this test run built).
/// </summary>
[Collection(RebaseCollection.Name)]
public sealed class BuildpackRebaseTargetTests(RebaseFixture fixture)
{
    [Fact]
    public async Task The_target_rebases_an_image_from_a_plain_proj_and_returns_its_digest()
    {
        var app = await fixture.CopyAppAsync("target");
        using var temp = new TempDirectory("bp-rebase-proj");
        var sdk = Path.Combine(RebaseFixture.RepositoryRoot, "src", "Sdk", "build");
        var project = temp.WriteFile("rebase.proj", $"""
            <Project>
              <Import Project="{sdk}/Buildpacks.MSBuild.props" />
              <Import Project="{sdk}/Buildpacks.MSBuild.targets" />
            </Project>
            """);
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        };

        var result = await ProcessRunner.RunAsync(
            "dotnet",
            ["msbuild", project, "-t:BuildpackRebase", "-nologo", "-nodeReuse:false", "-v:n",
                $"-p:BuildpacksTaskAssembly={TaskAssembly}", $"-p:BuildpackImage={app}", "-p:BuildpackRebaseTag=patched"],
            temp.Path,
            environment,
            timeout: TimeSpan.FromMinutes(5));

        result.EnsureSuccess("dotnet msbuild -t:BuildpackRebase");
        var digest = await fixture.DigestOfAsync(app.WithTag("patched"));
        Assert.NotNull(digest);
        Assert.Contains($"BP5090: {app}: {fixture.V1.Digest} → {fixture.V2.Digest}; image {digest} written as {app.WithTag("patched")} (registry)", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(fixture.AppImage.Digest, await fixture.DigestOfAsync(app));
    }

    [Fact]
    public async Task A_refusal_fails_the_build_with_its_code()
    {
        var app = await fixture.CopyAppAsync("target-refused");
        using var temp = new TempDirectory("bp-rebase-proj");
        var sdk = Path.Combine(RebaseFixture.RepositoryRoot, "src", "Sdk", "build");
        var project = temp.WriteFile("rebase.proj", $"""
            <Project>
              <Import Project="{sdk}/Buildpacks.MSBuild.props" />
              <Import Project="{sdk}/Buildpacks.MSBuild.targets" />
            </Project>
            """);

        var result = await ProcessRunner.RunAsync(
            "dotnet",
            ["msbuild", project, "-t:BuildpackRebase", "-nologo", "-nodeReuse:false",
                $"-p:BuildpacksTaskAssembly={TaskAssembly}", $"-p:BuildpackImage={app}", $"-p:BuildpackRunImage={RebaseFixture.RunV2}"],
            temp.Path,
            new Dictionary<string, string?> { ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0" },
            timeout: TimeSpan.FromMinutes(5));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error BP5003:", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(fixture.AppImage.Digest, await fixture.DigestOfAsync(app));
    }

    /// <summary>The task assembly src/Tasks built in this test run's configuration (beside its dependencies).</summary>
    private static string TaskAssembly
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var path = Path.Combine(RebaseFixture.RepositoryRoot, "src", "Tasks", "bin", configuration, "net8.0", "Buildpacks.MSBuild.Tasks.dll");
            return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: build src/Tasks/Tasks.csproj ({configuration}) first.");
        }
    }
}
