using Buildpacks.TestInfrastructure;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;
using Microsoft.Build.Utilities;

namespace Buildpacks.MSBuild.Tasks.Tests;

public sealed class PublishRequestMappingTests
{
    private static PublishBuildpackImage Task(Action<PublishBuildpackImage>? configure = null)
    {
        var task = new PublishBuildpackImage
        {
            BuildEngine = new BuildEngineStub(),
            PublishDirectory = "publish",
            BuildpackImage = "localhost:5000/team/app:1",
            BuildpackBuilder = "127.0.0.1:5000/buildpacks-samples/builder:bookworm",
            BuildpackPublish = true,
        };
        configure?.Invoke(task);
        return task;
    }

    private static BuildRequest Map(Action<PublishBuildpackImage>? configure = null) => PublishRequestMapping.Map(Task(configure)).Build;

    private static string CodeOf(Action<PublishBuildpackImage> configure) =>
        Assert.Throws<CodedException>(() => PublishRequestMapping.Map(Task(configure))).Coded.Code;

    private static TaskItem Item(string include, params (string Name, string Value)[] metadata)
    {
        var item = new TaskItem(include);
        foreach (var (name, value) in metadata)
        {
            item.SetMetadata(name, value);
        }

        return item;
    }

    [Fact]
    public void The_image_is_the_first_tag_and_BuildpackTags_add_tags_to_its_repository()
    {
        var request = Map(t => t.BuildpackTags = "latest; 1.0");

        Assert.Equal(["localhost:5000/team/app:1", "localhost:5000/team/app:latest", "localhost:5000/team/app:1.0"], request.Tags.Select(t => t.ToString()));
    }

    [Fact]
    public void The_publish_directory_becomes_an_absolute_app_directory()
    {
        Assert.Equal(Path.GetFullPath("publish"), Map().AppDirectory);
    }

    [Fact]
    public void Relative_paths_resolve_against_the_project_directory()
    {
        var request = Map(t => (t.ProjectDirectory, t.BuildpackPublish, t.BuildpackLayoutOutputPath, t.BuildpackSbomOutputDirectory) = ("/src/app", false, "out/layout", "sbom"));

        Assert.Equal("/src/app/publish", request.AppDirectory);
        Assert.Equal(new ImageDestination(ImageDestinationKind.Layout, "/src/app/out/layout"), request.Destination);
        Assert.Equal("/src/app/sbom", request.SbomOutputDirectory);
        Assert.Equal("/src/app", request.ProjectDirectory);
    }

    [Fact]
    public void An_empty_builder_is_the_default_and_marked_as_not_given_so_project_toml_may_name_one()
    {
        var empty = PublishRequestMapping.Map(Task(t => t.BuildpackBuilder = " "));
        var named = PublishRequestMapping.Map(Task());

        Assert.False(empty.BuilderGiven);
        Assert.Equal(Buildpacks.Platform.Execution.BuilderDefaults.Builder, empty.Build.Builder);
        Assert.True(named.BuilderGiven);
        Assert.Equal("127.0.0.1:5000/buildpacks-samples/builder:bookworm", named.Build.Builder.ToString());
    }

    [Fact]
    public void BuildpackPublish_sends_the_image_to_the_registry()
    {
        Assert.Equal(ImageDestination.Registry, Map().Destination);
    }

    [Fact]
    public void No_destination_property_means_the_daemon()
    {
        Assert.Equal(ImageDestination.Daemon, Map(t => t.BuildpackPublish = false).Destination);
    }

    [Fact]
    public void BuildpackArchiveOutputPath_sends_the_image_to_an_archive()
    {
        var request = Map(t => (t.BuildpackPublish, t.BuildpackArchiveOutputPath) = (false, "app.tar"));

        Assert.Equal(new ImageDestination(ImageDestinationKind.Archive, Path.GetFullPath("app.tar")), request.Destination);
    }

    [Fact]
    public void A_linux_RuntimeIdentifier_builds_for_its_platform_when_BuildpackPlatform_is_empty() =>
        Assert.Equal("linux/arm64", Map(t => t.RuntimeIdentifier = "linux-arm64").Platform!.ToString());

    [Fact]
    public void BuildpackPlatform_wins_over_the_RuntimeIdentifier() =>
        Assert.Equal("linux/amd64", Map(t => (t.RuntimeIdentifier, t.BuildpackPlatform) = ("linux-arm64", "linux/amd64")).Platform!.ToString());

    [Fact]
    public void A_RuntimeIdentifier_of_no_linux_platform_leaves_the_platform_to_the_builder() =>
        Assert.Null(Map(t => t.RuntimeIdentifier = "win-x64").Platform);

    [Fact]
    public void Optional_properties_left_empty_mean_the_defaults()
    {
        var request = Map(t => (t.BuildpackRunImage, t.BuildpackPlatform, t.BuildpackDefaultProcess, t.BuildpackPullPolicy, t.BuildpackAppDirectory) = ("", " ", null, "", ""));

        Assert.Null(request.RunImage);
        Assert.Null(request.Platform);
        Assert.Null(request.DefaultProcess);
        Assert.Null(request.Created);
        Assert.Null(request.TrustBuilder);
        Assert.Equal(PullPolicy.IfNotPresent, request.PullPolicy);
        Assert.Equal("/workspace", request.ImageAppDirectory);
        Assert.Equal(new BuildCache(), request.Cache);
    }

    [Fact]
    public void Real_builder_properties_are_parsed()
    {
        var request = Map(t =>
        {
            t.BuildpackRunImageMirrors = "ghcr.io/team/run:1; registry.example.com/run:1";
            t.BuildpackTrustExtraBuildpacks = "true";
            t.BuildpackLifecycleImage = "127.0.0.1:5000/lifecycle:0.21.14";
            t.BuildpackDockerSocket = "unix:///run/user/1000/podman/podman.sock";
        });
        var defaults = Map();

        Assert.Equal(["ghcr.io/team/run:1", "registry.example.com/run:1"], request.RunImageMirrors.Select(m => m.ToString()));
        Assert.True(request.TrustExtraBuildpacks);
        Assert.Equal("127.0.0.1:5000/lifecycle:0.21.14", request.LifecycleImage!.ToString());
        Assert.Equal("/run/user/1000/podman/podman.sock", request.DockerSocket);
        Assert.Equal((0, false, (object?)null, (string?)null), (defaults.RunImageMirrors.Count, defaults.TrustExtraBuildpacks, (object?)defaults.LifecycleImage, defaults.DockerSocket));
    }

    [Theory]
    [InlineData("relative/docker.sock")]
    [InlineData("tcp://10.0.0.5:2375")]
    public void A_BuildpackDockerSocket_that_is_no_absolute_socket_path_is_BP1027(string socket) => Assert.Equal("BP1027", CodeOf(t => t.BuildpackDockerSocket = socket));

    [Fact]
    public void An_invalid_run_image_mirror_or_lifecycle_image_is_BP1013()
    {
        Assert.Equal("BP1013", CodeOf(t => t.BuildpackRunImageMirrors = "ok/run:1;Not Valid"));
        Assert.Equal("BP1013", CodeOf(t => t.BuildpackLifecycleImage = "Not Valid"));
    }

    [Fact]
    public void Execution_parses_case_insensitively_and_defaults_to_Auto()
    {
        Assert.Equal(ExecutionChoice.Auto, PublishRequestMapping.Map(Task()).Execution);
        Assert.Equal(ExecutionChoice.Container, PublishRequestMapping.Map(Task(t => t.BuildpackExecution = "container")).Execution);
        Assert.Equal(ExecutionChoice.Local, PublishRequestMapping.Map(Task(t => t.BuildpackExecution = "Local")).Execution);
    }

    [Fact]
    public void Scalar_properties_are_parsed()
    {
        var request = Map(t =>
        {
            t.BuildpackPlatform = "linux/arm64";
            t.BuildpackInsecureRegistries = "a:5000;b";
            t.BuildpackPullPolicy = "never";
            t.BuildpackTrustBuilder = "false";
            t.BuildpackTrustedBuilders = "example.com/builders/one; example.com/builders/two";
            t.BuildpackCreatedDate = "2024-05-01T12:00:00+02:00";
            t.BuildpackAppDirectory = "/app/";
            t.BuildpackRunImage = "127.0.0.1:5000/run:v2";
            t.BuildpackPreviousImage = "127.0.0.1:5000/team/app:0";
            t.BuildpackCacheVolume = "my-cache";
            t.BuildpackClearCache = true;
            t.BuildpackNetwork = "none";
            t.BuildpackVerbose = true;
        });

        Assert.Equal("arm64", request.Platform!.Architecture);
        Assert.Equal(["a:5000", "b"], request.InsecureRegistries);
        Assert.Equal(PullPolicy.Never, request.PullPolicy);
        Assert.False(request.TrustBuilder);
        Assert.Equal(["example.com/builders/one", "example.com/builders/two"], request.TrustedBuilders);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), request.Created);
        Assert.Equal("/app", request.ImageAppDirectory);
        Assert.Equal("127.0.0.1:5000/run:v2", request.RunImage!.ToString());
        Assert.Equal("127.0.0.1:5000/team/app:0", request.PreviousImage!.ToString());
        Assert.Equal(new BuildCache { Volume = "my-cache", Clear = true }, request.Cache);
        Assert.Equal("none", request.Network);
        Assert.True(request.Verbose);
    }

    [Fact]
    public void Created_now_is_the_current_time()
    {
        var before = DateTimeOffset.UtcNow;
        var created = Map(t => t.BuildpackCreatedDate = "now").Created!.Value;

        Assert.InRange(created, before, DateTimeOffset.UtcNow);
    }

    [Fact]
    public void Environment_and_label_items_keep_their_order_and_a_later_item_of_a_name_wins()
    {
        var request = Map(t =>
        {
            t.BuildpackEnvironment = [Item("BP_A", ("Value", "1")), Item("BP_B", ("Value", "x=y")), Item("BP_A", ("Value", "2"))];
            t.BuildpackLabels = [Item("org.opencontainers.image.source", ("Value", "https://example.com/app"))];
        });

        Assert.Equal([new("BP_B", "x=y"), new("BP_A", "2")], request.Environment);
        Assert.Equal([new("org.opencontainers.image.source", "https://example.com/app")], request.Labels);
    }

    [Fact]
    public void Buildpack_items_that_are_paths_become_absolute_and_ids_and_images_stay_as_they_are()
    {
        var request = Map(t => (t.ProjectDirectory, t.Buildpacks) = ("/src/app", [Item("./buildpacks/hello"), Item("extra.cnb"), Item("samples/dotnet-app@1.0.0"), Item("docker://127.0.0.1:5000/bp:1")]));

        Assert.Equal(["/src/app/buildpacks/hello", "/src/app/extra.cnb", "samples/dotnet-app@1.0.0", "docker://127.0.0.1:5000/bp:1"], request.Buildpacks);
    }

    [Fact]
    public void Binding_items_name_a_directory_and_a_target_and_are_read_only_by_default()
    {
        using var directory = new TempDirectory();
        var request = Map(t => t.BuildpackBindings = [Item(directory.Path), Item(directory.Path, ("Target", "/etc/ssl/extra"), ("ReadOnly", "false"))]);

        Assert.Equal(new BuildBinding(directory.Path, Path.GetFileName(directory.Path)), request.Bindings[0]);
        Assert.Equal(new BuildBinding(directory.Path, "/etc/ssl/extra", false), request.Bindings[1]);
    }

    [Fact]
    public void Secret_items_name_a_variable_and_a_binding_never_a_value()
    {
        var request = Map(t => t.BuildpackSecrets = [Item("NUGET_FEED_TOKEN"), Item(" FEED_USER ", ("Binding", "feed"), ("Key", "username"), ("Type", "nugetconfig"))]);

        Assert.Equal(
            [new BuildSecret("NUGET_FEED_TOKEN", "nuget-feed-token", "secret", "nuget-feed-token"), new BuildSecret("FEED_USER", "feed", "username", "nugetconfig")],
            request.Secrets);
    }

    [Theory]
    [InlineData("Team/App")]
    [InlineData("")]
    public void An_invalid_BuildpackImage_is_BP1001(string image) => Assert.Equal("BP1001", CodeOf(t => t.BuildpackImage = image));

    [Fact]
    public void An_invalid_BuildpackBuilder_is_BP1002() => Assert.Equal("BP1002", CodeOf(t => t.BuildpackBuilder = "Builder!"));

    [Fact]
    public void An_invalid_tag_is_BP1003() => Assert.Equal("BP1003", CodeOf(t => t.BuildpackTags = "bad tag"));

    [Fact]
    public void An_unknown_execution_is_BP1005() => Assert.Equal("BP1005", CodeOf(t => t.BuildpackExecution = "Remote"));

    [Fact]
    public void Two_destinations_are_BP1007() => Assert.Equal("BP1007", CodeOf(t => t.BuildpackLayoutOutputPath = "layout"));

    [Fact]
    public void An_invalid_BuildpackPlatform_is_BP1008() => Assert.Equal("BP1008", CodeOf(t => t.BuildpackPlatform = "linux"));

    [Theory]
    [InlineData("Sometimes")]
    [InlineData("1")]
    public void An_invalid_pull_policy_is_BP1010(string policy) => Assert.Equal("BP1010", CodeOf(t => t.BuildpackPullPolicy = policy));

    [Fact]
    public void An_invalid_created_date_is_BP1011() => Assert.Equal("BP1011", CodeOf(t => t.BuildpackCreatedDate = "yesterday"));

    [Fact]
    public void A_trust_value_that_is_not_a_boolean_is_BP1012() => Assert.Equal("BP1012", CodeOf(t => t.BuildpackTrustBuilder = "maybe"));

    [Fact]
    public void An_invalid_run_image_is_BP1013() => Assert.Equal("BP1013", CodeOf(t => t.BuildpackRunImage = "Run Image"));

    [Theory]
    [InlineData("1ST")]
    [InlineData("A-B")]
    public void An_environment_item_that_is_no_variable_name_is_BP1014(string name) =>
        Assert.Equal("BP1014", CodeOf(t => t.BuildpackEnvironment = [Item(name, ("Value", "v"))]));

    [Fact]
    public void A_binding_of_a_missing_directory_is_BP1015() =>
        Assert.Equal("BP1015", CodeOf(t => t.BuildpackBindings = [Item($"/nonexistent/bp-{Guid.NewGuid():N}")]));

    [Fact]
    public void Two_caches_are_BP1016() => Assert.Equal("BP1016", CodeOf(t => (t.BuildpackCacheVolume, t.BuildpackCacheDirectory) = ("v", "cache")));

    [Fact]
    public void A_relative_app_directory_is_BP1017() => Assert.Equal("BP1017", CodeOf(t => t.BuildpackAppDirectory = "workspace"));

    [Theory]
    [InlineData(null, null, "My.Web_App", "1.2.3", "docker.io/library/my.web_app:1.2.3")]
    [InlineData("registry.example.com/team/", null, "Shop", "2.0.0-beta.1+4f2a", "registry.example.com/team/shop:2.0.0-beta.1-4f2a")]
    [InlineData("ghcr.io/org", "apps/shop", "Shop", "", "ghcr.io/org/apps/shop:latest")]
    [InlineData(null, null, "Contoso App", "1.0", "docker.io/library/contoso-app:1.0")]
    public void Without_BuildpackImage_the_image_is_named_after_the_project(string? registry, string? repository, string assemblyName, string version, string expected)
    {
        var request = Map(t => (t.BuildpackImage, t.BuildpackRegistry, t.BuildpackRepository, t.AssemblyName, t.Version) = ("", registry, repository, assemblyName, version));

        Assert.Equal(expected, request.Tags[0].ToString());
    }

    [Fact]
    public void A_project_name_that_makes_no_repository_is_BP1021() =>
        Assert.Equal("BP1021", CodeOf(t => (t.BuildpackImage, t.AssemblyName, t.Version) = ("", "+++", "1.0")));

    [Fact]
    public void A_command_line_image_name_in_a_solution_build_is_BP1020_and_elsewhere_fine()
    {
        var solution = new Dictionary<string, string> { ["BuildpackImage"] = "registry.example.com/app:1", ["SolutionPath"] = "/src/shop.sln" };

        var error = Assert.Throws<CodedException>(() => PublishRequestMapping.Map(Task(), solution));

        Assert.Equal("BP1020", error.Coded.Code);
        Assert.Contains("/src/shop.sln", error.Coded.Text, StringComparison.Ordinal);
        PublishRequestMapping.Map(Task(), new Dictionary<string, string> { ["buildpackimage"] = "registry.example.com/app:1" });
        PublishRequestMapping.Map(Task(), new Dictionary<string, string> { ["SolutionPath"] = "/src/shop.sln", ["PublishProfile"] = "Buildpack" });
    }

    [Fact]
    public void Ports_become_exposed_ports_tcp_by_default_each_once()
    {
        var request = Map(t => t.BuildpackPorts = [Item("8080"), Item("5353", ("Type", "UDP")), Item("8080", ("Type", "tcp"))]);

        Assert.Equal(["8080/tcp", "5353/udp"], request.ExposedPorts);
        Assert.Equal([new("PORT", "8080")], request.RuntimeEnvironment);
    }

    [Fact]
    public void A_PORT_the_user_sets_wins_over_the_exposed_port()
    {
        var request = Map(t => (t.BuildpackPorts, t.BuildpackRuntimeEnvironment) = ([Item("8080")], [Item("PORT", ("Value", "9090"))]));

        Assert.Equal([new("PORT", "9090")], request.RuntimeEnvironment);
        Assert.Empty(Map(t => t.BuildpackPorts = [Item("5353", ("Type", "udp"))]).RuntimeEnvironment);
    }

    [Theory]
    [InlineData("0", "")]
    [InlineData("65536", "")]
    [InlineData("http", "")]
    [InlineData("80", "sctp")]
    public void A_port_that_is_not_one_is_BP1022(string port, string type) =>
        Assert.Equal("BP1022", CodeOf(t => t.BuildpackPorts = [Item(port, ("Type", type))]));

    [Fact]
    public void Runtime_variables_are_kept_in_order_and_a_lifecycle_variable_is_BP1026()
    {
        var request = Map(t => t.BuildpackRuntimeEnvironment = [Item("ASPNETCORE_ENVIRONMENT", ("Value", "Staging")), Item("PORT", ("Value", "5000"))]);

        Assert.Equal([new("ASPNETCORE_ENVIRONMENT", "Staging"), new("PORT", "5000")], request.RuntimeEnvironment);
        Assert.Equal("BP1026", CodeOf(t => t.BuildpackRuntimeEnvironment = [Item("CNB_APP_DIR", ("Value", "/x"))]));
        Assert.Equal("BP1014", CodeOf(t => t.BuildpackRuntimeEnvironment = [Item("NOT-A-NAME", ("Value", "x"))]));
    }

    [Fact]
    public void Generated_labels_come_first_and_the_user_s_label_of_the_same_name_wins()
    {
        var request = Map(t => (t.GeneratedLabels, t.BuildpackLabels) = (
            [Item("org.opencontainers.image.version", ("Value", "1.0.0")), Item("org.opencontainers.image.title", ("Value", "Shop"))],
            [Item("org.opencontainers.image.version", ("Value", "1.0.0-custom"))]));

        Assert.Equal([new("org.opencontainers.image.title", "Shop"), new("org.opencontainers.image.version", "1.0.0-custom")], request.Labels);
    }

    [Fact]
    public void The_created_label_follows_BuildpackGenerateLabels()
    {
        Assert.True(PublishRequestMapping.Map(Task()).CreatedLabel);
        Assert.False(PublishRequestMapping.Map(Task(t => t.BuildpackGenerateLabels = false)).CreatedLabel);
    }
}
