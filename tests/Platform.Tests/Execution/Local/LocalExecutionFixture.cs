using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Apps;
using Buildpacks.TestInfrastructure.Buildpacks;

namespace Buildpacks.Platform.Tests.Execution.Local;

/// <summary>
/// What the Local execution tests share, made once: the sample builder in the loopback registry (build/sample-builder.sh,
/// incremental), a console app published framework-dependent and self-contained (<see cref="TestApps"/>), fixture
/// buildpacks (one prints the build environment and the app directory and leaves a file in it, one never detects, one
/// sleeps), and one user cache root (extracted builder, build caches) under a temp dir.
/// </summary>
public sealed class LocalExecutionFixture : IAsyncLifetime
{
    public const string Builder = "127.0.0.1:5000/buildpacks-samples/builder:bookworm";
    public const string Greeting = "Hello from a Local build";
    public const string FixtureBuildpackId = "tests/env-printer";

    /// <summary>What the sleeper buildpack runs after it says "sleeping" (a duration no other test uses, to find it).</summary>
    public const string SleeperCommand = "sleep 311";

    /// <summary>Where the env-printer looks for a binding mounted at an absolute path; it prints each binding file it finds.</summary>
    public const string AbsoluteBinding = "/opt/fixture-binding";

    /// <summary>How the env-printer prints a binding file: <c>fixture-binding &lt;path&gt;=&lt;content&gt;</c>.</summary>
    public const string BindingLinePrefix = "fixture-binding ";

    private readonly TempDirectory _temp = new("local-exec");

    public string ConsoleFrameworkDependent { get; private set; } = "";

    public string ConsoleSelfContained { get; private set; } = "";

    public string FixtureBuildpack => _temp.Combine("buildpacks", "env-printer");

    public string FailingBuildpack => _temp.Combine("buildpacks", "never-detects");

    public string SleepingBuildpack => _temp.Combine("buildpacks", "sleeper");

    /// <summary>A cache root shared by the tests that do not count what a first build does.</summary>
    public string SharedCacheRoot => _temp.Combine("user-cache");

    public async Task InitializeAsync()
    {
        var builder = ProcessRunner.RunAsync("bash", [RepositoryRoot.Combine("build", "sample-builder.sh"), Builder], RepositoryRoot.Path, timeout: TimeSpan.FromMinutes(30));
        var console = TestAppProject.Console(Greeting);
        ConsoleFrameworkDependent = await TestApps.PublishAsync(console, AppDeployment.FrameworkDependent);
        ConsoleSelfContained = await TestApps.PublishAsync(console, AppDeployment.SelfContained);
        new FixtureBuildpack(FixtureBuildpackId)
        {
            Version = "1.0.0",
            Build = new BuildScript().PrintPlatformEnv().PrintAppFiles().WriteAppFile("buildpack-was-here.txt", "written by the buildpack")
                .Run($"for f in {AbsoluteBinding}/greeting /platform/bindings/db/type; do [ -f \"$f\" ] && echo \"{BindingLinePrefix}$f=$(cat \"$f\")\"; done; true"),
        }.WriteTo(FixtureBuildpack);
        new FixtureBuildpack("tests/never-detects") { Version = "1.0.0", Detect = DetectScript.Fail("nothing for me in this app"), Build = "exit 1" }.WriteTo(FailingBuildpack);
        new FixtureBuildpack("tests/sleeper") { Version = "1.0.0", Build = new BuildScript().Say("sleeping").Run(SleeperCommand) }.WriteTo(SleepingBuildpack);
        (await builder).EnsureSuccess("build/sample-builder.sh");
    }

    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The tests that share the fixture.</summary>
[CollectionDefinition(Name)]
public sealed class LocalExecutionCollection : ICollectionFixture<LocalExecutionFixture>
{
    public const string Name = "local execution";
}
