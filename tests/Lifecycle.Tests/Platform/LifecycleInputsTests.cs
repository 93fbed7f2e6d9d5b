using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Lifecycle.Export;
using Buildpacks.Lifecycle.Platform;
using Xunit;

namespace Buildpacks.Lifecycle.Tests.Platform;

/// <summary>
/// The one place the lifecycle's inputs get their defaults (Platform API, each phase's "Inputs"; lifecycle
/// platform/lifecycle_inputs.go): the build container's locations, the files under the layers directory, the order
/// lookup, the image paths of the app and layers.
/// </summary>
public sealed class LifecycleInputsTests : IDisposable
{
    private static readonly PlatformApi Api = PlatformApi.Resolve("0.15");

    private readonly string _root = Directory.CreateTempSubdirectory("lifecycle-inputs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string LayersDir => Path.Combine(_root, "layers");

    /// <summary>Each input that defaults to a file of the layers directory, and that file.</summary>
    public static TheoryData<string, string> LayersFiles => new()
    {
        { "analyzed", "analyzed.toml" },
        { "group", "group.toml" },
        { "plan", "plan.toml" },
        { "report", "report.toml" },
        { "project-metadata", "project-metadata.toml" },
    };

    [Fact]
    public void Unset_inputs_have_the_platform_api_defaults()
    {
        var inputs = new LifecycleInputs { PlatformApi = Api };

        Assert.Equal("/workspace", inputs.AppDir);
        Assert.Equal("/layers", inputs.LayersDir);
        Assert.Equal("/platform", inputs.PlatformDir);
        Assert.Equal("/cnb/buildpacks", inputs.BuildpacksDir);
        Assert.Equal("/cnb/build-config", inputs.BuildConfigDir);
        Assert.Equal("/cnb/system.toml", inputs.SystemPath);
        Assert.Equal("/cnb/run.toml", inputs.RunPath);
        Assert.Equal("/cnb/lifecycle/launcher", inputs.LauncherPath);
        Assert.Equal("production", inputs.ExecEnv);
        Assert.Equal(CreatedTime.Default, inputs.Created);
        Assert.Equal(ImagePlatform.Current, inputs.ImagePlatform);
        Assert.Equal((0, 0, false), (inputs.Uid, inputs.Gid, inputs.SkipLayers));
        Assert.Empty(inputs.Tags);
        Assert.Empty(inputs.Labels);
        Assert.Null(inputs.LauncherSbomDir);
    }

    [Theory]
    [MemberData(nameof(LayersFiles))]
    public void The_files_the_phases_hand_each_other_are_in_the_layers_directory(string input, string file)
    {
        var inputs = new LifecycleInputs { PlatformApi = Api, LayersDir = LayersDir };

        Assert.Equal(Path.Combine(LayersDir, file), LayersFile(inputs, input));
        Assert.Equal(Path.Combine("/layers", file), LayersFile(new LifecycleInputs { PlatformApi = Api }, input));
    }

    [Theory]
    [MemberData(nameof(LayersFiles))]
    public void A_layers_file_not_named_moves_with_a_later_layers_directory(string input, string file)
    {
        var inputs = new LifecycleInputs { PlatformApi = Api } with { LayersDir = LayersDir };

        Assert.Equal(Path.Combine(LayersDir, file), LayersFile(inputs, input));
    }

    [Fact]
    public void A_named_file_stays_where_it_was_named_and_null_means_the_default()
    {
        var inputs = new LifecycleInputs
        {
            PlatformApi = Api,
            GroupPath = "/elsewhere/group.toml",
            PlanPath = null,
            ReportPath = "/out/report.toml",
        } with { LayersDir = LayersDir };

        Assert.Equal("/elsewhere/group.toml", inputs.GroupPath);
        Assert.Equal("/out/report.toml", inputs.ReportPath);
        Assert.Equal(Path.Combine(LayersDir, "plan.toml"), inputs.PlanPath);
    }

    [Fact]
    public void The_order_is_the_layers_directorys_order_toml_when_it_exists_else_the_builders()
    {
        Directory.CreateDirectory(LayersDir);
        var inputs = new LifecycleInputs { PlatformApi = Api, LayersDir = LayersDir };

        Assert.Equal("/cnb/order.toml", inputs.OrderPath);

        File.WriteAllText(Path.Combine(LayersDir, "order.toml"), "[[order]]\n");

        Assert.Equal(Path.Combine(LayersDir, "order.toml"), inputs.OrderPath);
    }

    [Fact]
    public void A_named_order_wins_over_the_layers_directorys_order_toml()
    {
        Directory.CreateDirectory(LayersDir);
        File.WriteAllText(Path.Combine(LayersDir, "order.toml"), "[[order]]\n");
        var named = Path.Combine(_root, "order.toml");

        var inputs = new LifecycleInputs { PlatformApi = Api, LayersDir = LayersDir, OrderPath = named };

        Assert.Equal(named, inputs.OrderPath);
    }

    [Fact]
    public void The_image_has_the_app_and_layers_at_their_own_paths_unless_others_are_named()
    {
        var inputs = new LifecycleInputs { PlatformApi = Api, AppDir = "/tmp/build/app", LayersDir = "/tmp/build/layers" };

        Assert.Equal(("/tmp/build/app", "/tmp/build/layers"), (inputs.ImageAppDir, inputs.ImageLayersDir));

        var mapped = inputs with { ImageAppDir = "/workspace", ImageLayersDir = "/layers" };

        Assert.Equal(("/workspace", "/layers"), (mapped.ImageAppDir, mapped.ImageLayersDir));
        Assert.Equal(("/tmp/build/app", "/tmp/build/layers"), (mapped.AppDir, mapped.LayersDir));
    }

    [Fact]
    public void The_builders_files_may_be_named_none()
    {
        var inputs = new LifecycleInputs { PlatformApi = Api, BuildConfigDir = null, SystemPath = null, RunPath = null };

        Assert.Equal((null, null, null), (inputs.BuildConfigDir, inputs.SystemPath, inputs.RunPath));
    }

    [Fact]
    public void The_run_image_is_read_where_the_app_image_goes_unless_another_store_is_named()
    {
        var store = new OciLayoutImageStore(Path.Combine(_root, "app"));
        var runImages = new OciLayoutImageStore(Path.Combine(_root, "run"));

        Assert.Null(new LifecycleInputs { PlatformApi = Api }.RunImageStore);
        Assert.Same(store, new LifecycleInputs { PlatformApi = Api, Store = store }.RunImageStore);
        Assert.Same(runImages, new LifecycleInputs { PlatformApi = Api, Store = store, RunImageStore = runImages }.RunImageStore);
    }

    [Fact]
    public void The_output_image_is_the_first_name()
    {
        var app = ImageReference.Parse("registry.example/team/app:1");
        var inputs = new LifecycleInputs { PlatformApi = Api, Tags = [app, ImageReference.Parse("registry.example/team/app:latest")] };

        Assert.Equal(app, inputs.OutputImage);
        Assert.Throws<InvalidOperationException>(() => new LifecycleInputs { PlatformApi = Api }.OutputImage);
    }

    [Fact]
    public void The_host_environment_is_this_process_unless_one_is_given()
    {
        var given = new Dictionary<string, string> { ["PATH"] = "/bin" };

        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), new LifecycleInputs { PlatformApi = Api }.HostEnvironment.GetValueOrDefault("PATH"));
        Assert.Same(given, new LifecycleInputs { PlatformApi = Api, HostEnvironment = given }.HostEnvironment);
    }

    private static string LayersFile(LifecycleInputs inputs, string input) => input switch
    {
        "analyzed" => inputs.AnalyzedPath,
        "group" => inputs.GroupPath,
        "plan" => inputs.PlanPath,
        "report" => inputs.ReportPath,
        "project-metadata" => inputs.ProjectMetadataPath,
        _ => throw new ArgumentOutOfRangeException(nameof(input)),
    };
}
