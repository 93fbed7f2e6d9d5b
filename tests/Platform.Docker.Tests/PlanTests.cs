using System.Runtime.InteropServices;
using Buildpacks.Images.Engine;
using Buildpacks.Images.References;
using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;

namespace Buildpacks.Platform.Docker.Tests;

/// <summary>The decisions made before any container runs: trust, Platform API, cache names, and what each phase gets.</summary>
public sealed class PlanTests
{
    private static readonly LifecycleSettings Settings = new()
    {
        PlatformApi = "0.15",
        Uid = 1000,
        Gid = 1001,
        AppDirectory = "/workspace",
        AppVolume = "app-vol",
        LayersVolume = "layers-vol",
        CacheSource = "cache-vol",
        UseDaemon = true,
        Daemon = DaemonAccess.For(DaemonEndpoint.Parse("unix:///var/run/docker.sock", "test"), OSPlatform.Linux, daemonOnThisMachine: true, socket: null),
        LaunchCacheVolume = "launch-vol",
        ExportNames = [ImageReference.Parse("registry.example.com/app:1"), ImageReference.Parse("registry.example.com/app:latest")],
        RunImage = ImageReference.Parse("registry.example.com/run:1"),
        RegistryAuth = "{\"registry.example.com\":\"Basic c2VjcmV0\"}",
        BuildpackBinds = ["/host/ca:/platform/bindings/ca:ro"],
        SourceDateEpoch = 1700000000,
        AppArchive = _ => Task.FromResult<Stream>(new MemoryStream()),
    };

    [Fact]
    public void Phases_that_run_buildpacks_get_neither_the_socket_nor_credentials_and_run_as_the_build_user()
    {
        var phases = LifecyclePlan.FivePhases(Settings);

        Assert.Equal(["analyzer", "detector", "restorer", "builder", "exporter"], phases.Select(p => p.Phase));
        foreach (var phase in phases.Where(p => p.Phase is "detector" or "builder"))
        {
            Assert.Equal("1000:1001", phase.User);
            Assert.DoesNotContain(phase.Binds, b => b.Contains("docker.sock", StringComparison.Ordinal));
            Assert.DoesNotContain(phase.Environment, e => e.StartsWith("CNB_REGISTRY_AUTH=", StringComparison.Ordinal));
            Assert.Contains("/host/ca:/platform/bindings/ca:ro", phase.Binds);
        }

        foreach (var phase in phases.Where(p => p.Phase is "analyzer" or "exporter"))
        {
            Assert.Equal("root", phase.User);
            Assert.Contains("/var/run/docker.sock:/var/run/docker.sock", phase.Binds);
            Assert.Contains("CNB_REGISTRY_AUTH=" + Settings.RegistryAuth, phase.Environment);
            Assert.Contains("-daemon", phase.Arguments);
        }

        Assert.Equal(["detector"], phases.Where(p => p.Archives.Contains(Settings.AppArchive)).Select(p => p.Phase));
        var exporter = phases[^1];
        Assert.Equal(["registry.example.com/app:1", "registry.example.com/app:latest"], exporter.Arguments.TakeLast(2));
        Assert.Contains("SOURCE_DATE_EPOCH=1700000000", exporter.Environment);
        Assert.Contains("CNB_PLATFORM_API=0.15", exporter.Environment);
    }

    [Fact]
    public void The_phases_that_run_buildpacks_builds_log_at_debug_level_so_a_failure_can_name_the_buildpack()
    {
        var phases = LifecyclePlan.FivePhases(Settings).ToDictionary(p => p.Phase);

        Assert.Equal(["-log-level", "debug"], LogLevel(phases["builder"]));
        Assert.Equal(["-log-level", "debug"], LogLevel(LifecyclePlan.Creator(Settings)));
        Assert.Empty(LogLevel(phases["detector"]));
        Assert.Empty(LogLevel(phases["exporter"]));
        Assert.Equal(["-log-level", "debug"], LogLevel(LifecyclePlan.FivePhases(Settings with { Verbose = true })[^1]));

        static IEnumerable<string> LogLevel(PhaseSpec phase) =>
            phase.Arguments.Select((a, i) => (a, i)).Where(x => x.a == "-log-level").SelectMany(x => phase.Arguments.Skip(x.i).Take(2));
    }

    [Fact]
    public void Every_phase_gets_the_machines_proxy_settings_as_pack_gives_them()
    {
        var proxied = Settings with { Proxies = ["HTTPS_PROXY=http://proxy.example:3128", "https_proxy=http://proxy.example:3128"] };

        foreach (var phase in LifecyclePlan.FivePhases(proxied).Append(LifecyclePlan.Creator(proxied)).Append(LifecyclePlan.DetectReplay(proxied)))
        {
            Assert.Contains("HTTPS_PROXY=http://proxy.example:3128", phase.Environment);
            Assert.Contains("https_proxy=http://proxy.example:3128", phase.Environment);
        }

        Assert.DoesNotContain(LifecyclePlan.Creator(Settings).Environment, e => e.Contains("PROXY", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_phase_is_told_to_print_without_colour()
    {
        // The reference lifecycle colours ERROR:, Warning: and ===> by default (cmd/logs.go leaves colour on).
        foreach (var phase in LifecyclePlan.FivePhases(Settings).Append(LifecyclePlan.Creator(Settings)))
        {
            Assert.True(LifecycleFlags.Defines(phase.Phase, "no-color", Lifecycle.Api.ApiVersion.Parse("0.12")), phase.Phase);
            Assert.Single(phase.Arguments, "-no-color");
        }
    }

    [Fact]
    public void A_cleared_cache_restores_no_layers_or_tells_the_creator_to_skip_restoring()
    {
        var cleared = Settings with { SkipRestore = true };

        // pack passes -skip-layers: the restorer still writes store.toml from the previous image, without layers.
        Assert.Contains("-skip-layers", LifecyclePlan.FivePhases(cleared).Single(p => p.Phase == "restorer").Arguments);
        Assert.DoesNotContain("-skip-layers", LifecyclePlan.FivePhases(Settings).Single(p => p.Phase == "restorer").Arguments);
        var creator = LifecyclePlan.Creator(cleared);
        Assert.Contains("-skip-restore", creator.Arguments);
        Assert.Equal("root", creator.User);
        Assert.Equal("registry.example.com/app:1", creator.Arguments[^1]);
        Assert.Contains("registry.example.com/app:latest", creator.Arguments);
        Assert.Contains("cache-vol:/cache", creator.Binds);
    }

    [Fact]
    public void A_cache_image_replaces_the_cache_directory()
    {
        var withImage = Settings with { CacheSource = null, CacheImage = ImageReference.Parse("registry.example.com/app-cache:1") };

        var creator = LifecyclePlan.Creator(withImage);
        Assert.Contains("-cache-image", creator.Arguments);
        Assert.DoesNotContain("-cache-dir", creator.Arguments);
        Assert.DoesNotContain(creator.Binds, b => b.EndsWith(":/cache", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("paketobuildpacks/builder-jammy-base", null, true)]
    [InlineData("docker.io/paketobuildpacks/builder-noble-java-tiny:latest", null, true)]
    [InlineData("heroku/builder:24", null, true)]
    [InlineData("gcr.io/buildpacks/builder:v1", null, true)]
    [InlineData("127.0.0.1:5000/team/builder:1", null, false)]
    [InlineData("127.0.0.1:5000/team/builder:1", "127.0.0.1:5000/team/builder", true)]
    [InlineData("127.0.0.1:5000/team/builder:2", "127.0.0.1:5000/team/builder:1", false)]
    [InlineData("evil.example.com/paketobuildpacks/builder", null, false)]
    public void Trust_comes_from_the_well_known_list_or_the_users_list(string builder, string? listed, bool trusted)
    {
        var request = new BuildRequest
        {
            AppDirectory = "/app",
            Tags = [ImageReference.Parse("app:1")],
            Builder = ImageReference.Parse(builder),
            Destination = ImageDestination.Daemon,
            TrustedBuilders = listed is null ? [] : [listed],
        };

        Assert.Equal(trusted, BuilderTrust.IsTrusted(request));
        Assert.False(BuilderTrust.IsTrusted(request with { TrustBuilder = false }));
        Assert.True(BuilderTrust.IsTrusted(request with { TrustBuilder = true }));
    }

    [Fact]
    public void The_platform_api_is_the_highest_both_sides_speak_and_none_is_BP3007()
    {
        var lifecycle = new LifecycleDescriptor("0.20.0", new ApiSet(["0.10"], []), new ApiSet(["0.11", "0.12", "0.13"], ["0.10"]));

        Assert.Equal("0.13", PlatformApiChoice.Choose(lifecycle, "b"));
        var old = lifecycle with { Platform = new ApiSet(["0.9", "0.10", "0.11"], []) };
        Assert.Equal("BP3007", Assert.Throws<CodedException>(() => PlatformApiChoice.Choose(old, "b")).Coded.Code);
    }

    [Fact]
    public void BP3007_names_the_lifecycle_versions_and_the_builders_that_work()
    {
        // Lifecycle 0.16 (Paketo's jammy builders before August 2023) speaks Platform API 0.3 to 0.11.
        var old = new LifecycleDescriptor("0.16.5", new ApiSet(["0.9"], []), new ApiSet(["0.8", "0.9", "0.10", "0.11"], ["0.3", "0.4", "0.5", "0.6"]));

        var error = Assert.Throws<CodedException>(() => PlatformApiChoice.Choose(old, "paketobuildpacks/builder-jammy-base:0.3.100"));

        Assert.Contains("0.17 or later", error.Message, StringComparison.Ordinal);
        Assert.Contains("heroku/builder:22, 24 and 26", error.Message, StringComparison.Ordinal);
        Assert.Contains("paketobuildpacks/builder-jammy-base:0.3.100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lifecycle_image_bounds_the_platform_api_too()
    {
        var builder = new LifecycleDescriptor("0.21.14", new ApiSet(["0.12"], []), new ApiSet(["0.12", "0.13", "0.14", "0.15"], []));

        Assert.Equal("0.15", PlatformApiChoice.Choose(builder, "b"));
        Assert.Equal("0.14", PlatformApiChoice.Choose(builder, "b", ["0.7", "0.14"]));
        Assert.Equal("BP3007", Assert.Throws<CodedException>(() => PlatformApiChoice.Choose(builder, "b", ["0.11"])).Coded.Code);
    }

    [Theory]
    [InlineData("0.12", false)]
    [InlineData("0.13", true)]
    [InlineData("0.14", true)]
    [InlineData("0.15", true)]
    public void Insecure_registries_are_named_only_where_the_reference_lifecycle_defines_the_flag(string api, bool named)
    {
        var settings = Settings with { PlatformApi = api, InsecureRegistries = ["registry.internal:5000"] };

        foreach (var phase in (IEnumerable<PhaseSpec>)[.. LifecyclePlan.FivePhases(settings), LifecyclePlan.Creator(settings)])
        {
            Assert.Equal(named && phase.Phase is not ("detector" or "builder"), phase.Arguments.Contains("-insecure-registry"));
        }
    }

    [Fact]
    public void Exporting_to_the_daemon_the_restorer_reads_the_run_image_there_with_the_socket_and_root()
    {
        var restorer = LifecyclePlan.FivePhases(Settings).Single(p => p.Phase == "restorer");
        var toRegistry = LifecyclePlan.FivePhases(Settings with { UseDaemon = false, LaunchCacheVolume = null }).Single(p => p.Phase == "restorer");

        Assert.Contains("-daemon", restorer.Arguments);
        Assert.Contains("/var/run/docker.sock:/var/run/docker.sock", restorer.Binds);
        Assert.Equal("root", restorer.User);
        Assert.DoesNotContain("-daemon", toRegistry.Arguments);
        Assert.DoesNotContain(toRegistry.Binds, b => b.Contains("docker.sock", StringComparison.Ordinal));
    }

    [Fact]
    public void A_lifecycle_image_runs_the_analyzer_restorer_and_exporter_and_the_builder_runs_the_buildpacks()
    {
        var phases = LifecyclePlan.FivePhases(Settings with { LifecycleImage = "registry.example.com/lifecycle:0.21.14" });

        Assert.Equal(["registry.example.com/lifecycle:0.21.14", null, "registry.example.com/lifecycle:0.21.14", null, "registry.example.com/lifecycle:0.21.14"], phases.Select(p => p.Image));
        Assert.Null(LifecyclePlan.Creator(Settings with { LifecycleImage = "registry.example.com/lifecycle:0.21.14" }).Image);
    }

    [Fact]
    public void A_flag_a_phase_does_not_define_at_the_platform_api_is_refused_before_any_container()
    {
        var arguments = new PhaseArguments("restorer", new Lifecycle.Api.ApiVersion(0, 13));

        Assert.True(arguments.Defines("daemon"));
        Assert.False(arguments.Defines("run"));
        Assert.Throws<InvalidOperationException>(() => arguments.Add("run", "/cnb/run.toml"));
        Assert.Throws<InvalidOperationException>(() => new PhaseArguments("analyzer", new Lifecycle.Api.ApiVersion(0, 12)).Add("insecure-registry", "r"));
    }

    [Fact]
    public void Cache_volumes_are_named_from_the_image_name_without_its_tag_and_do_not_show_it()
    {
        var one = CacheVolumeNames.Build(ImageReference.Parse("registry.example.com/team/shop:1.0"));

        Assert.Equal(one, CacheVolumeNames.Build(ImageReference.Parse("registry.example.com/team/shop:2.0")));
        Assert.NotEqual(one, CacheVolumeNames.Build(ImageReference.Parse("registry.example.com/team/cart:1.0")));
        Assert.DoesNotContain("shop", one, StringComparison.Ordinal);
        Assert.Matches("^buildpacks-msbuild-cache-[0-9a-f]{12}\\.build$", one);
        Assert.EndsWith(".launch", CacheVolumeNames.Launch(ImageReference.Parse("registry.example.com/team/shop:1.0")), StringComparison.Ordinal);
    }

    [Fact]
    public void Exit_codes_map_to_detect_build_and_phase_errors_with_the_lifecycles_error_lines()
    {
        var detect = PhaseFailure.For(new PhaseOutcome("detector", "c", 20, ["ERROR: No buildpack groups passed detection.", "other"]));
        var build = PhaseFailure.For(new PhaseOutcome("builder", "c", 51, ["ERROR: failed to build: exit status 7"]));
        var export = PhaseFailure.For(new PhaseOutcome("exporter", "c", 62, ["saving", "denied"]));

        Assert.Equal("BP4001", detect.Coded.Code);
        Assert.Contains("No buildpack groups passed detection.", detect.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("other", detect.Message, StringComparison.Ordinal);
        Assert.Equal("BP4002", build.Coded.Code);
        Assert.Equal("BP3011", export.Coded.Code);
        Assert.Contains("exporter", export.Message, StringComparison.Ordinal);
        Assert.Contains("62", export.Message, StringComparison.Ordinal);
        Assert.Contains("denied", export.Message, StringComparison.Ordinal);
    }
}
