using Buildpacks.TestInfrastructure;

namespace Buildpacks.Platform.Tests.Execution.Local;

/// <summary>
/// What the Local execution tests share, made once: the sample builder in the loopback registry (build/sample-builder.sh,
/// incremental), a console app published framework-dependent and self-contained (dotnet publish as a child process,
/// offline), a fixture buildpack that prints the build environment and the app directory, and one user cache root
/// (extracted builder, build caches) under a temp dir.
/// </summary>
public sealed class LocalExecutionFixture : IAsyncLifetime
{
    public const string Builder = "127.0.0.1:5000/buildpacks-samples/builder:bookworm";
    public const string Greeting = "Hello from a Local build";
    public const string FixtureBuildpackId = "tests/env-printer";

    private readonly TempDirectory _temp = new("local-exec");

    public string ConsoleFrameworkDependent => _temp.Combine("publish", "console-fd");

    public string ConsoleSelfContained => _temp.Combine("publish", "console-sc");

    public string FixtureBuildpack => _temp.Combine("buildpacks", "env-printer");

    public string FailingBuildpack => _temp.Combine("buildpacks", "never-detects");

    public string SleepingBuildpack => _temp.Combine("buildpacks", "sleeper");

    /// <summary>A cache root shared by the tests that do not count what a first build does.</summary>
    public string SharedCacheRoot => _temp.Combine("user-cache");

    public async Task InitializeAsync()
    {
        var builder = ProcessRunner.RunAsync("bash", [Path.Combine(RepositoryRoot, "build", "sample-builder.sh"), Builder], RepositoryRoot, timeout: TimeSpan.FromMinutes(30));
        var project = _temp.Combine("src", "ConsoleApp");
        await DotnetAsync(_temp.Path, "new", "console", "-n", "ConsoleApp", "-o", project);
        File.WriteAllText(Path.Combine(project, "Program.cs"), $"System.Console.WriteLine(\"{Greeting}\");\n");
        await DotnetAsync(project, "publish", "-c", "Release", "-o", ConsoleFrameworkDependent, "-nologo");
        await DotnetAsync(project, "publish", "-c", "Release", "-o", ConsoleSelfContained, "-nologo", "-r", "linux-x64", "--self-contained");
        WriteBuildpack(FixtureBuildpack, FixtureBuildpackId, "exit 0", """
            echo "FIXTURE_VAR=$(cat "$CNB_PLATFORM_DIR/env/FIXTURE_VAR" 2>/dev/null || echo unset)"
            echo "APP_FILES=$(cd "$PWD" && find . -type f | sort | tr '\n' ' ')"
            echo "written by the buildpack" > "$PWD/buildpack-was-here.txt"
            """);
        WriteBuildpack(FailingBuildpack, "tests/never-detects", "echo 'nothing for me in this app'\nexit 100", "exit 1");
        WriteBuildpack(SleepingBuildpack, "tests/sleeper", "exit 0", "echo sleeping\nsleep 300");
        (await builder).EnsureSuccess("build/sample-builder.sh");
    }

    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }

    private static void WriteBuildpack(string directory, string id, string detect, string build)
    {
        Directory.CreateDirectory(Path.Combine(directory, "bin"));
        File.WriteAllText(Path.Combine(directory, "buildpack.toml"), $"""
            api = "0.10"

            [buildpack]
            id = "{id}"
            version = "1.0.0"

            [[targets]]
            os = "linux"
            """);
        foreach (var (name, body) in new[] { ("detect", detect), ("build", build) })
        {
            var path = Path.Combine(directory, "bin", name);
            File.WriteAllText(path, $"#!/usr/bin/env bash\nset -euo pipefail\n{body}\n");
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }
    }

    private static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "build", "sample-builder.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with build/sample-builder.sh) is not above the test binaries.");
    }

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
}

/// <summary>The tests that share the fixture.</summary>
[CollectionDefinition(Name)]
public sealed class LocalExecutionCollection : ICollectionFixture<LocalExecutionFixture>
{
    public const string Name = "local execution";
}
