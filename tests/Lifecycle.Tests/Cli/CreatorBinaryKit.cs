using System.Text.Json.Nodes;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Lifecycle.Tests.Launch;
using Buildpacks.Lifecycle.Tests.Support;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;
using Buildpacks.TestInfrastructure.Registry;
using Buildpacks.TestInfrastructure.Users;
using Xunit;
using static Buildpacks.Lifecycle.Tests.Export.ExportTestKit;

namespace Buildpacks.Lifecycle.Tests.Cli;

/// <summary>
/// A build to run the real NativeAOT <c>creator</c> on, as root on this machine, the way a platform runs it in a build
/// container: the fixture buildpack of the export tests, a busybox run image in a loopback registry, run.toml, a cache
/// directory, and <c>CNB_USER_ID</c>/<c>CNB_GROUP_ID</c> 1000 to drop to. The workspace is opened to other users
/// (temporary directories are 0700) since buildpacks run as uid 1000, and the creator and the launcher it exports run
/// from copies uid 1000 can reach (<see cref="ReachableCopies"/>), wherever the checkout is.
/// </summary>
internal sealed class CreatorBinaryKit : IAsyncDisposable
{
    public const int BuildUser = 1000;

    private CreatorBinaryKit(LifecycleWorkspace workspace, RegistryServer registry, RegistryStore store)
    {
        Workspace = workspace;
        Registry = registry;
        Store = store;
        RunImage = ImageReference.Parse($"{registry.Address}/base/run:latest");
    }

    public LifecycleWorkspace Workspace { get; }

    public RegistryServer Registry { get; }

    public RegistryStore Store { get; }

    public ImageReference RunImage { get; }

    public string RunToml => Path.Combine(Workspace.Root, "run.toml");

    public string CacheDir => Path.Combine(Workspace.Root, "cache");

    public string ReportPath => Path.Combine(Workspace.LayersDir, "report.toml");

    public static async Task<CreatorBinaryKit> StartAsync()
    {
        var workspace = new LifecycleWorkspace();
        var registry = await RegistryServer.StartAsync();
        var kit = new CreatorBinaryKit(workspace, registry, new RegistryStore(RegistrySettings()));
        await WriteRunImageAsync(kit.Store, kit.RunImage, Path.Combine(workspace.Root, "run-scratch"));
        workspace.WriteFile(kit.RunToml, $"[[images]]\nimage = \"{kit.RunImage}\"\n");
        workspace.WriteOrder([("test/runtime", "1.0.0", false)]);
        workspace.WriteFile(Path.Combine(workspace.AppDir, "app.txt"), "the app");
        AddFixtureBuildpack(workspace);
        Directory.CreateDirectory(kit.CacheDir);
        OpenToOthers(workspace.Root);
        return kit;
    }

    /// <summary>Runs <c>creator</c> (a symlink to the multi-call binary) with the kit's flags, then <paramref name="extra"/>, then the image.</summary>
    public async Task<ProcessResult> RunCreatorAsync(string image, IEnumerable<string> extra, IDictionary<string, string?>? environment = null)
    {
        var creator = Path.Combine(Workspace.Root, "cnb", "lifecycle", "creator");
        if (!File.Exists(creator))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(creator)!);
            File.CreateSymbolicLink(creator, ReachableCopies.FileOf(await NativeBinaries.PathAsync("lifecycle")));
        }

        var env = new Dictionary<string, string?>
        {
            ["CNB_PLATFORM_API"] = "0.15",
            ["CNB_USER_ID"] = BuildUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CNB_GROUP_ID"] = BuildUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DOCKER_CONFIG"] = Path.Combine(Workspace.Root, "no-docker-config"),
            ["LIFECYCLE_SECRET"] = "must-not-leak",
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            env[name] = value;
        }

        string[] args =
        [
            "-app", Workspace.AppDir, "-layers", Workspace.LayersDir, "-buildpacks", Workspace.BuildpacksDir,
            "-platform", Workspace.PlatformDir, "-order", Workspace.OrderPath, "-run", RunToml,
            "-launcher", ReachableCopies.FileOf(await NativeBinaries.PathAsync("launcher")), "-cache-dir", CacheDir, "-log-level", "debug",
            .. extra, image,
        ];
        return await ProcessRunner.RunAsync(creator, args, environment: env, timeout: TimeSpan.FromMinutes(5));
    }

    /// <summary>The image's default process and its <c>worker</c> process (through <c>/cnb/process/worker</c>), run with no network.</summary>
    public static async Task AssertProcessesRunAsync(string image)
    {
        Assert.Equal("web: hello from runtime\nv1\n", await DockerTestCli.RunContainerAsync(image));
        Assert.Equal(
            "worker running\n",
            await DockerTestCli.RunAsync("run", "--rm", "--network", "none", "--entrypoint", "/cnb/process/worker", image));
    }

    /// <summary>The labels <c>skopeo inspect</c> shows for <paramref name="transportReference"/> are the lifecycle's.</summary>
    public async Task AssertLabelsAsync(string transportReference)
    {
        var skopeo = RequiredServices.RequireTool("skopeo");
        var inspect = await ProcessRunner.RunAsync(skopeo, ["inspect", "--tls-verify=false", transportReference]);
        var labels = JsonNode.Parse(inspect.EnsureSuccess("skopeo inspect").StandardOutput)!["Labels"]!;
        var metadata = JsonNode.Parse(labels["io.buildpacks.lifecycle.metadata"]!.GetValue<string>())!;
        // Pinned by digest in a registry or layout; by name for the daemon, whose images have no manifest digest.
        Assert.StartsWith(RunImage.Name, metadata["runImage"]!["reference"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(RunImage.ToString(), metadata["runImage"]!["image"]!.GetValue<string>());
        Assert.Equal("1.2", metadata["buildpacks"]![0]!["layers"]!["runtime"]!["data"]!["version"]!.GetValue<string>());
        var build = JsonNode.Parse(labels["io.buildpacks.build.metadata"]!.GetValue<string>())!;
        Assert.Equal(["web", "worker"], build["processes"]!.AsArray().Select(p => p!["type"]!.GetValue<string>()));
        Assert.Equal("shop", labels["io.example.team"]!.GetValue<string>());
    }

    /// <summary>What the creator wrote in the layers directory belongs to the build user: it dropped privileges before building.</summary>
    public void AssertLayersOwnedByTheBuildUser()
    {
        foreach (var path in new[] { Workspace.LayersDir, Path.Combine(Workspace.LayersDir, "test_runtime", "runtime", "bin", "content"), ReportPath })
        {
            Assert.Equal((BuildUser, BuildUser), Lifecycle.Cli.Privileges.OwnerOf(path));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Store.Dispose();
        await Registry.DisposeAsync();
        Workspace.Dispose();
    }

    private static void OpenToOthers(string root)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Append(root))
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.OtherRead | UnixFileMode.OtherExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        }
    }
}
