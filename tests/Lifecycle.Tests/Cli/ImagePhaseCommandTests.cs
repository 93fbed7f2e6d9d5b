using Buildpacks.Lifecycle.Execution;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Lifecycle.Cli;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Tests.Support;
using Buildpacks.TestInfrastructure.Registry;
using Xunit;
using static Buildpacks.Lifecycle.Tests.Export.ExportTestKit;

namespace Buildpacks.Lifecycle.Tests.Cli;

/// <summary>
/// The image phases' command lines, run in-process: flags over env vars over defaults, the Platform API's exit codes,
/// the image targets and the privilege drop (recorded, not performed).
/// </summary>
public sealed class ImagePhaseCommandTests : IDisposable
{
    private readonly LifecycleWorkspace _ws = new();
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();
    private readonly RecordingUserSwitch _users = new();

    public void Dispose() => _ws.Dispose();

    private string LayoutDir => Path.Combine(_ws.Root, "layout-repo");

    private static readonly ImageReference RunImage = ImageReference.Parse("registry.example/base/run:1");

    private Dictionary<string, string> Environment(params (string Name, string Value)[] extra)
    {
        var env = new Dictionary<string, string>(_ws.HostEnvironment)
        {
            ["CNB_PLATFORM_API"] = "0.15",
            ["DOCKER_CONFIG"] = Path.Combine(_ws.Root, "no-docker-config"),
        };
        foreach (var (name, value) in extra)
        {
            env[name] = value;
        }

        return env;
    }

    private Task<int> Run(string argv0, IReadOnlyDictionary<string, string> env, bool root, params string[] args) =>
        LifecycleCommand.RunAsync(argv0, args, new PhaseHost(env, new ConsoleOutput(_out, _err), () => root, _users), CancellationToken.None);

    private string[] CreatorFlags(params string[] extra) =>
    [
        "-app", _ws.AppDir, "-layers", _ws.LayersDir, "-buildpacks", _ws.BuildpacksDir, "-platform", _ws.PlatformDir,
        "-order", _ws.OrderPath, "-run", Path.Combine(_ws.Root, "no-run.toml"), "-launcher", StandInLauncher(_ws),
        "-layout", "-layout-dir", LayoutDir, "-run-image", RunImage.ToString(), .. extra, "registry.example/team/app:1",
    ];

    /// <summary>A run image in the layout directory and one buildpack with the given detect and build scripts.</summary>
    private async Task PrepareLayoutBuildAsync(string detect = "exit 0", string build = "exit 0")
    {
        await WriteRunImageAsync(new LayoutDirectoryStore(LayoutDir), RunImage, Path.Combine(_ws.Root, "run-scratch"));
        _ws.AddBuildpack("test/app", detect: detect, build: build);
        _ws.WriteOrder([("test/app", "1.0.0", false)]);
    }

    [Fact]
    public async Task Every_phase_answers_to_its_executable_name_and_to_a_lifecycle_subcommand()
    {
        foreach (var phase in new[] { "analyzer", "restorer", "exporter", "creator", "rebaser" })
        {
            // Each reaches its own argument check (an image phase without its image, a restorer with one too many).
            string[] args = phase == "restorer" ? ["some/image"] : [];
            Assert.Equal(3, await Run($"/cnb/lifecycle/{phase}", Environment(), root: false, args));
            Assert.Equal(3, await Run("/cnb/lifecycle/lifecycle", Environment(), root: false, [phase[..^2], .. args]));
        }

        Assert.Contains("at least one image argument is required", _err.ToString(), StringComparison.Ordinal);
        Assert.Contains("received 0 arguments, but expected 1", _err.ToString(), StringComparison.Ordinal);
        Assert.Contains("received unexpected arguments: some/image", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_flag_prints_the_version_without_a_platform_api()
    {
        var env = Environment();
        env.Remove("CNB_PLATFORM_API");

        Assert.Equal(0, await Run("/cnb/lifecycle/lifecycle", env, root: false, "-version"));
        Assert.Equal(0, await Run("/cnb/lifecycle/creator", env, root: false, "-version"));

        Assert.Equal($"{LifecycleCommand.Version}\n{LifecycleCommand.Version}\n", _out.ToString());
    }

    [Fact]
    public async Task Exporter_refuses_run_image_as_the_reference_lifecycle_does()
    {
        Assert.Equal(3, await Run("exporter", Environment(), root: false, "-run-image", "x/run:1", "x/app:1"));
        Assert.Contains("flag provided but not defined: -run-image", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Daemon_layout_and_archive_exclude_each_other_and_booleans_take_go_spellings()
    {
        Assert.Equal(3, await Run("creator", Environment(), root: false, "-daemon", "-archive", "/tmp/x.tar", "x/app:1"));
        Assert.Equal(3, await Run("creator", Environment(("CNB_USE_DAEMON", "1")), root: false, "-layout", "-layout-dir", LayoutDir, "x/app:1"));
        Assert.Equal(3, await Run("creator", Environment(), root: false, "-daemon=maybe", "x/app:1"));
        Assert.Equal(3, await Run("creator", Environment(("CNB_USE_LAYOUT", "yes")), root: false, "x/app:1"));
        Assert.Equal(3, await Run("creator", Environment(), root: false, "-layout", "x/app:1"));

        Assert.Contains("-daemon, -layout and -archive exclude each other", _err.ToString(), StringComparison.Ordinal);
        Assert.Contains("invalid boolean value \"maybe\" for -daemon", _err.ToString(), StringComparison.Ordinal);
        Assert.Contains("invalid boolean value \"yes\" for CNB_USE_LAYOUT", _err.ToString(), StringComparison.Ordinal);
        Assert.Contains("-layout needs -layout-dir", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tags_on_another_registry_than_the_image_are_refused()
    {
        Assert.Equal(3, await Run("creator", Environment(("CNB_EXPERIMENTAL_MODE", "quiet")), root: false, CreatorFlags("-tag", "other.example/team/app:2")));
        Assert.Contains("all images must be in the same registry", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Layout_export_is_experimental_and_refused_unless_the_platform_allows_it()
    {
        Assert.Equal(1, await Run("creator", Environment(), root: false, CreatorFlags()));
        Assert.Equal(3, await Run("creator", Environment(("CNB_EXPERIMENTAL_MODE", "sometimes")), root: false, CreatorFlags()));

        Assert.Contains("CNB_EXPERIMENTAL_MODE=warn", _err.ToString(), StringComparison.Ordinal);
        Assert.Empty(_users.Switched);
    }

    [Fact]
    public async Task Creator_started_as_root_hands_the_volumes_to_the_build_user_and_becomes_it_with_flags_over_env_vars()
    {
        // No run image in the layout: the creator gets as far as analyzing, after the privilege drop.
        var cacheDir = Path.Combine(_ws.Root, "cache");
        var env = Environment(("CNB_EXPERIMENTAL_MODE", "quiet"), ("CNB_USER_ID", "1000"), ("CNB_GROUP_ID", "1001"), ("CNB_CACHE_DIR", cacheDir));

        var code = await Run("creator", env, root: true, CreatorFlags("-uid", "2000"));

        Assert.Equal(32, code);
        Assert.Equal([(2000, 1001)], _users.Switched);
        Assert.Equal([(_ws.LayersDir, 2000, 1001), (cacheDir, 2000, 1001)], _users.Owned);
        Assert.True(Directory.Exists(cacheDir), "a missing cache volume is made before it is handed over");
    }

    [Fact]
    public async Task Not_running_as_root_the_ids_default_to_the_process_and_nothing_changes_hands()
    {
        var code = await Run("creator", Environment(("CNB_EXPERIMENTAL_MODE", "quiet")), root: false, CreatorFlags());

        Assert.Equal(32, code);
        Assert.Empty(_users.Switched);
        Assert.Empty(_users.Owned);
    }

    [Fact]
    public async Task Creator_exit_codes_are_the_failing_phases()
    {
        await PrepareLayoutBuildAsync(detect: "exit 100");
        var env = Environment(("CNB_EXPERIMENTAL_MODE", "quiet"));
        Assert.Equal(20, await Run("creator", env, root: false, CreatorFlags()));

        _ws.AddBuildpack("test/app", detect: "exit 1");
        Assert.Equal(21, await Run("creator", env, root: false, CreatorFlags()));

        _ws.AddBuildpack("test/app", build: "exit 7");
        Assert.Equal(51, await Run("creator", env, root: false, CreatorFlags()));
    }

    [Fact]
    public async Task Creator_builds_and_exports_into_the_layout_directory_at_the_images_path()
    {
        await PrepareLayoutBuildAsync(build: "printf '[[processes]]\\ntype = \"web\"\\ncommand = [\"run\"]\\ndefault = true\\n' > \"$1/launch.toml\"");

        var code = await Run("creator", Environment(("CNB_EXPERIMENTAL_MODE", "quiet")), root: false, CreatorFlags("-process-type", "web"));

        Assert.True(code == 0, _out.ToString() + _err.ToString());
        Assert.True(File.Exists(Path.Combine(LayoutDir, "registry.example", "team", "app", "1", "index.json")));
        Assert.Contains("===> EXPORTING", _out.ToString(), StringComparison.Ordinal);
        var report = ReportToml.Read(Path.Combine(_ws.LayersDir, "report.toml"));
        Assert.Contains($"*** Digest: {report.Digest}", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_five_phases_run_one_by_one_hand_each_other_their_files_and_the_rebaser_moves_the_image_to_the_new_run_image()
    {
        await PrepareLayoutBuildAsync(build: "printf '[[processes]]\\ntype = \"web\"\\ncommand = [\"run\"]\\ndefault = true\\n' > \"$1/launch.toml\"");
        var env = Environment(("CNB_EXPERIMENTAL_MODE", "quiet"), ("CNB_LAYERS_DIR", _ws.LayersDir), ("CNB_LAYOUT_DIR", LayoutDir), ("CNB_USE_LAYOUT", "true"));
        const string App = "registry.example/team/app:1";
        string[] buildpackDirs = ["-app", _ws.AppDir, "-buildpacks", _ws.BuildpacksDir, "-platform", _ws.PlatformDir];

        Assert.Equal(0, await Run("analyzer", env, root: false, "-run-image", RunImage.ToString(), App));
        Assert.Equal(0, await Run("detector", env, root: false, [.. buildpackDirs, "-order", _ws.OrderPath]));
        Assert.Equal(0, await Run("restorer", env, root: false));
        Assert.Equal(0, await Run("builder", env, root: false, buildpackDirs));
        Assert.Equal(0, await Run("exporter", env, root: false, "-app", _ws.AppDir, "-launcher", StandInLauncher(_ws), App));
        var exported = ReportToml.Read(Path.Combine(_ws.LayersDir, "report.toml"));

        // Another run image than the one the app records is refused (exit 72) unless forced; a new version of it is taken.
        var rebaseReport = Path.Combine(_ws.Root, "rebase-report.toml");
        Assert.Equal(72, await Run("rebaser", env, root: false, "-run-image", "registry.example/other/run:1", App));
        await WriteRunImageAsync(new LayoutDirectoryStore(LayoutDir), RunImage, Path.Combine(_ws.Root, "run-scratch"), version: "v2");
        var rebase = await Run("rebaser", env, root: false, "-report", rebaseReport, App);
        Assert.True(rebase == 0, _err.ToString());

        Assert.True(File.Exists(_ws.GroupPath) && File.Exists(_ws.PlanPath) && File.Exists(Path.Combine(_ws.LayersDir, "analyzed.toml")));
        var rebased = ReportToml.Read(rebaseReport);
        Assert.NotEqual(exported.Digest, rebased.Digest);
        var image = await ReadAsync(new LayoutDirectoryStore(LayoutDir), ImageReference.Parse(App));
        Assert.Equal(rebased.Digest, image.ManifestDescriptor.Digest.ToString());
        Assert.StartsWith(RunImage.Name + "@sha256:", Label(image, "io.buildpacks.lifecycle.metadata")["runImage"]!["reference"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyzer_reads_a_basic_auth_registry_with_the_credentials_of_CNB_REGISTRY_AUTH()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions { BasicUsers = new Dictionary<string, string> { ["builder"] = "s3cret" } });
        var run = ImageReference.Parse($"{registry.Address}/base/run:1");
        using (var store = new RegistryStore(RegistrySettings() with { Credentials = new Dictionary<string, Images.Registry.Credentials.RegistryCredential> { [registry.Address] = Images.Registry.Credentials.RegistryCredential.FromPassword("builder", "s3cret") } }))
        {
            await WriteRunImageAsync(store, run, Path.Combine(_ws.Root, "run-scratch"));
        }

        string[] args = ["-layers", _ws.LayersDir, "-run-image", run.ToString(), $"{registry.Address}/team/app:1"];
        var header = "Basic " + Convert.ToBase64String("builder:s3cret"u8.ToArray());
        var anonymous = await Run("analyzer", Environment(), root: false, args);
        var authenticated = await Run("analyzer", Environment(("CNB_REGISTRY_AUTH", $"{{\"{registry.Address}\": \"{header}\"}}")), root: false, args);

        Assert.Equal(32, anonymous);
        Assert.True(authenticated == 0, _err.ToString());
        Assert.StartsWith($"{run.Name}@sha256:", AnalyzedToml.Read(Path.Combine(_ws.LayersDir, "analyzed.toml")).RunImage!.Reference, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", _out.ToString() + _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyzer_sends_a_bearer_token_of_CNB_REGISTRY_AUTH_as_it_is_without_asking_the_token_service()
    {
        await using var tokens = await TokenService.StartAsync(new TokenServiceOptions { Users = new Dictionary<string, string> { ["builder"] = "s3cret" }, AllowAnonymous = false });
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions { TokenService = tokens });
        var run = ImageReference.Parse($"{registry.Address}/base/run:1");
        using (var store = new RegistryStore(RegistrySettings() with { Credentials = new Dictionary<string, Images.Registry.Credentials.RegistryCredential> { [registry.Address] = Images.Registry.Credentials.RegistryCredential.FromPassword("builder", "s3cret") } }))
        {
            await WriteRunImageAsync(store, run, Path.Combine(_ws.Root, "run-scratch"));
        }

        // What a platform does: it gets the token itself and hands the lifecycle only the Authorization header.
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true });
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{tokens.Realm}?service={tokens.Service}&scope=repository:base/run:pull&scope=repository:team/app:pull");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String("builder:s3cret"u8.ToArray()));
        using var answer = await http.SendAsync(request);
        var token = System.Text.Json.Nodes.JsonNode.Parse(await answer.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!["token"]!.GetValue<string>();
        var tokenRequests = tokens.Requests.Count;
        string[] args = ["-layers", _ws.LayersDir, "-run-image", run.ToString(), $"{registry.Address}/team/app:1"];

        var withToken = await Run("analyzer", Environment(("CNB_REGISTRY_AUTH", $"{{\"{registry.Address}\": \"Bearer {token}\"}}")), root: false, args);

        Assert.True(withToken == 0, _err.ToString());
        Assert.Equal(tokenRequests, tokens.Requests.Count);
        Assert.Equal(32, await Run("analyzer", Environment(), root: false, args));
    }

    [Fact]
    public void Registry_auth_maps_basic_headers_to_a_password_and_bearer_headers_to_a_registry_token()
    {
        var basic = "Basic " + Convert.ToBase64String("user:pa:ss"u8.ToArray());

        var credentials = RegistryKeychain.ParseRegistryAuth($"{{\"a.example\": \"{basic}\", \"b.example:5000\": \"Bearer tok3n\"}}");

        Assert.Equal(("user", "pa:ss"), (credentials["a.example"].Username, credentials["a.example"].Password));
        Assert.Equal("tok3n", credentials["b.example:5000"].RegistryToken);
        var wrongScheme = Assert.Throws<LifecycleException>(() => RegistryKeychain.ParseRegistryAuth("{\"a.example\": \"Digest s3cret\"}"));
        var notJson = Assert.Throws<LifecycleException>(() => RegistryKeychain.ParseRegistryAuth("{s3cret"));
        Assert.Equal((1, 1), (wrongScheme.ExitCode, notJson.ExitCode));
        Assert.DoesNotContain("s3cret", wrongScheme.Message + notJson.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layout_paths_are_registry_repository_then_tag_or_digest_as_in_the_reference_lifecycle()
    {
        var layouts = new LayoutDirectoryStore("/layout-repo");
        var hex = new string('a', 64);

        Assert.Equal("/layout-repo/index.docker.io/library/busybox/latest", layouts.PathOf(ImageReference.Parse("busybox")));
        Assert.Equal("/layout-repo/127.0.0.1:5000/team/app/1", layouts.PathOf(ImageReference.Parse("127.0.0.1:5000/team/app:1")));
        Assert.Equal($"/layout-repo/registry.example/app/sha256/{hex}", layouts.PathOf(ImageReference.Parse($"registry.example/app@sha256:{hex}")));
    }

    [Fact]
    public void The_build_users_home_and_name_come_from_etc_passwd()
    {
        var passwd = Path.Combine(_ws.Root, "passwd");
        File.WriteAllText(passwd, "root:x:0:0:root:/root:/bin/bash\ncnb:x:1000:1000::/home/cnb:/bin/bash\n");

        Assert.Equal(new PasswdEntry("cnb", "/home/cnb"), PasswdEntry.Find(passwd, 1000));
        Assert.Null(PasswdEntry.Find(passwd, 1001));
    }
}
