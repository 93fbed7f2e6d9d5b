using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores.Daemon;
using Buildpacks.Lifecycle.Tests.Launch;
using Buildpacks.Lifecycle.Tests.Support;
using Buildpacks.Platform.Builders;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;
using Buildpacks.TestInfrastructure.Registry;
using Xunit;

namespace Buildpacks.Lifecycle.Tests.Cli;

/// <summary>
/// The end-to-end proof that a platform can drive our lifecycle as it drives the Go one: a builder image written by the
/// platform's builder writer from the Debian bookworm build image of build/stack.sh, our NativeAOT lifecycle and launcher,
/// and a bash buildpack; <c>docker run</c> of its <c>/cnb/lifecycle/creator</c> as root (pack's trusted flow: the creator
/// drops to the builder's cnb user) exports to a loopback registry; the app image then runs with no network.
/// </summary>
public sealed class BuilderImageEndToEndTests : IAsyncLifetime
{
    private const string StackRegistry = "127.0.0.1:5000";
    private static readonly string BuildImage = $"{StackRegistry}/buildpacks-samples/build:bookworm";
    private static readonly string RunImage = $"{StackRegistry}/buildpacks-samples/run:bookworm";

    private readonly LifecycleWorkspace _ws = new();
    private RegistryServer _registry = null!;

    public async Task InitializeAsync()
    {
        await RequiredServices.RequireDockerAsync();
        _registry = await RegistryServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        _ws.Dispose();
    }

    [Fact]
    public async Task A_builder_of_our_lifecycle_runs_the_creator_in_a_container_and_exports_a_runnable_image_to_a_loopback_registry()
    {
        // Cached after its first run: then it only checks that the registry holds the images.
        var stack = await ProcessRunner.RunAsync("bash", [Path.Combine(NativeBinaries.RepositoryRoot(), "build", "stack.sh")], timeout: TimeSpan.FromMinutes(20));
        stack.EnsureSuccess("build/stack.sh");
        var builder = DockerTestCli.UniqueRepository("e2e-builder") + ":1";
        var app = $"{_registry.Address}/e2e/app:1";
        try
        {
            await WriteBuilderAsync(ImageReference.Parse(builder));
            var appDir = Path.Combine(_ws.Root, "app");
            _ws.WriteFile(Path.Combine(appDir, "app.txt"), "the app\n");
            OpenToOthers(_ws.Root);

            var create = await DockerTestCli.TryRunAsync(
                "run", "--rm", "--network", "host", "--user", "root", "-v", $"{appDir}:/workspace:ro",
                "-e", "CNB_PLATFORM_API=0.15", "--entrypoint", "/cnb/lifecycle/creator", builder,
                "-app", "/workspace", "-run-image", RunImage, "-log-level", "debug", app);

            Assert.True(create.ExitCode == 0, create.StandardOutput + create.StandardError);
            Assert.Contains("Running as uid 1000, gid 1000", create.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("building as cnb with HOME=/home/cnb", create.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("*** Digest: sha256:", create.StandardOutput, StringComparison.Ordinal);

            await DockerTestCli.RunAsync("pull", app);
            Assert.Equal("hello from the e2e buildpack\nthe app\n", await DockerTestCli.RunContainerAsync(app));
            Assert.Equal(
                "worker as uid 1000\n",
                await DockerTestCli.RunAsync("run", "--rm", "--network", "none", "--entrypoint", "/cnb/process/worker", app));
        }
        finally
        {
            await DockerTestCli.RemoveImagesAsync(app, builder);
        }
    }

    private async Task WriteBuilderAsync(ImageReference tag)
    {
        var lifecycleDir = Path.Combine(_ws.Root, "lifecycle");
        Directory.CreateDirectory(lifecycleDir);
        foreach (var name in new[] { "lifecycle", "launcher" })
        {
            File.Copy(await NativeBinaries.PathAsync(name), Path.Combine(lifecycleDir, name));
        }

        var buildpack = Path.Combine(_ws.Root, "buildpacks", "hello");
        _ws.WriteFile(Path.Combine(buildpack, "buildpack.toml"), """
            api = "0.10"

            [buildpack]
            id = "test/hello"
            version = "1.0.0"
            name = "Hello"

            [[targets]]
            os = "linux"
            arch = "amd64"
            """);
        LifecycleWorkspace.WriteScript(Path.Combine(buildpack, "bin", "detect"), "#!/usr/bin/env bash\nexit 0\n");
        LifecycleWorkspace.WriteScript(Path.Combine(buildpack, "bin", "build"), """
            #!/usr/bin/env bash
            set -euo pipefail
            echo "building as $(id -un) with HOME=$HOME"
            layers="$1"
            mkdir -p "$layers/hello/env.launch"
            printf '[types]\nlaunch = true\n' > "$layers/hello.toml"
            printf 'hello from the e2e buildpack' > "$layers/hello/env.launch/GREETING"
            cat > "$layers/launch.toml" <<'TOML'
            [[processes]]
            type = "web"
            command = ["bash", "-c", "echo $GREETING; cat app.txt"]
            default = true

            [[processes]]
            type = "worker"
            command = ["bash", "-c", "echo worker as uid $(id -u)"]
            TOML
            """);
        var toml = Path.Combine(_ws.Root, "builder.toml");
        _ws.WriteFile(toml, $"""
            description = "End-to-end builder of the NativeAOT lifecycle"

            [[buildpacks]]
            uri = "buildpacks/hello"

            [[order]]
            [[order.group]]
            id = "test/hello"
            version = "1.0.0"

            [build]
            image = "{BuildImage}"

            [[run.images]]
            image = "{RunImage}"

            [[targets]]
            os = "linux"
            arch = "amd64"
            """);

        using var registry = new RegistryStore(new RegistrySettings { DockerConfig = null });
        using var daemon = new DaemonImageStore(new DaemonImageStoreOptions { CacheDirectory = Path.Combine(_ws.Root, "daemon-cache") });
        await BuilderWriter.CreateAsync(
            new BuilderCreateRequest { Config = BuilderToml.Read(toml), Tags = [tag], Images = registry, LifecyclePath = lifecycleDir },
            daemon,
            CancellationToken.None);
    }

    private static void OpenToOthers(string root)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Append(root))
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }
}
