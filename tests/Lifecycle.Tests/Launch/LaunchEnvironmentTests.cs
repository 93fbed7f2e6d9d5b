using Buildpacks.Lifecycle.Launch;

namespace Buildpacks.Lifecycle.Tests.Launch;

/// <summary>Platform API "Launch Environment" and Buildpack API "Environment": what the launched process sees.</summary>
public sealed class LaunchEnvironmentTests : IDisposable
{
    private readonly LaunchApp _app = new();

    public void Dispose() => _app.Dispose();

    private const string Processes = """
        [[processes]]
        type = "web"
        command = ["/bin/true"]
        direct = true
        buildpack-id = "test/first"

        [[processes]]
        type = "worker"
        command = ["/bin/true"]
        direct = true
        buildpack-id = "test/first"

        """;

    private IReadOnlyDictionary<string, string> EnvironmentOf(string type)
    {
        _app.WriteMetadata([("test/first", "0.10"), ("test/second", "0.10")], Processes);
        return _app.Launcher().Prepare($"/cnb/process/{type}", [], _app.Environment).Environment;
    }

    [Fact]
    public void The_launcher_variables_are_not_inherited_and_the_rest_is()
    {
        var inherited = LaunchEnvironment.Inherit(new Dictionary<string, string>
        {
            ["CNB_LAYERS_DIR"] = "/layers",
            ["CNB_APP_DIR"] = "/workspace",
            ["CNB_PROCESS_TYPE"] = "web",
            ["CNB_PLATFORM_API"] = "0.15",
            ["CNB_DEPRECATION_MODE"] = "quiet",
            ["CNB_EXEC_ENV"] = "production",
            ["USER_SETTING"] = "kept",
        }).Variables;

        Assert.Equal(["CNB_EXEC_ENV", "USER_SETTING"], inherited.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_launcher_directories_are_removed_from_PATH()
    {
        var inherited = LaunchEnvironment.Inherit(new Dictionary<string, string>
        {
            ["PATH"] = "/cnb/process:/usr/bin:/cnb/lifecycle:/bin",
        }).Variables;

        Assert.Equal("/usr/bin:/bin", inherited["PATH"]);
    }

    [Fact]
    public void Layer_bin_and_lib_are_prepended_later_buildpacks_first()
    {
        var first = _app.AddLayer("test/first", "runtime");
        var second = _app.AddLayer("test/second", "tools");
        foreach (var layer in new[] { first, second })
        {
            Directory.CreateDirectory(Path.Combine(layer, "bin"));
            Directory.CreateDirectory(Path.Combine(layer, "lib"));
        }

        _app.Environment["LD_LIBRARY_PATH"] = "/usr/lib/custom";
        var env = EnvironmentOf("web");

        Assert.Equal($"{second}/bin:{first}/bin:/usr/local/bin:/usr/bin:/bin", env["PATH"]);
        Assert.Equal($"{second}/lib:{first}/lib:/usr/lib/custom", env["LD_LIBRARY_PATH"]);
    }

    [Fact]
    public void Only_PATH_and_LD_LIBRARY_PATH_are_launch_layer_paths()
    {
        var layer = _app.AddLayer("test/first", "runtime");
        foreach (var dir in new[] { "lib", "include", "pkgconfig" })
        {
            Directory.CreateDirectory(Path.Combine(layer, dir));
        }

        var env = EnvironmentOf("web");

        Assert.False(env.ContainsKey("LIBRARY_PATH"));
        Assert.False(env.ContainsKey("CPATH"));
        Assert.False(env.ContainsKey("PKG_CONFIG_PATH"));
    }

    [Fact]
    public void Every_modifier_applies_and_an_unsuffixed_file_overrides()
    {
        var layer = _app.AddLayer("test/first", "runtime");
        _app.Environment["OVERRIDDEN"] = "old";
        _app.Environment["KEPT"] = "old";
        _app.Environment["APPENDED"] = "a";
        _app.Environment["PREPENDED"] = "b";
        _app.Environment["PLAIN"] = "old";
        LaunchApp.WriteFile(layer, "env/OVERRIDDEN.override", "new");
        LaunchApp.WriteFile(layer, "env/KEPT.default", "new");
        LaunchApp.WriteFile(layer, "env/DEFAULTED.default", "new");
        LaunchApp.WriteFile(layer, "env/APPENDED.append", "z");
        LaunchApp.WriteFile(layer, "env/APPENDED.delim", ",");
        LaunchApp.WriteFile(layer, "env/PREPENDED.prepend", "y");
        LaunchApp.WriteFile(layer, "env/PLAIN", "new\n");

        var env = EnvironmentOf("web");

        Assert.Equal("new", env["OVERRIDDEN"]);
        Assert.Equal("old", env["KEPT"]);
        Assert.Equal("new", env["DEFAULTED"]);
        Assert.Equal("a,z", env["APPENDED"]);
        Assert.Equal("yb", env["PREPENDED"]);
        Assert.Equal("new\n", env["PLAIN"]);
    }

    [Fact]
    public void Launch_env_applies_after_env_and_build_env_does_not_apply()
    {
        var layer = _app.AddLayer("test/first", "runtime");
        LaunchApp.WriteFile(layer, "env/ORDER.append", "env");
        LaunchApp.WriteFile(layer, "env.launch/ORDER.append", "+launch");
        LaunchApp.WriteFile(layer, "env.build/BUILD_ONLY", "build");

        var env = EnvironmentOf("web");

        Assert.Equal("env+launch", env["ORDER"]);
        Assert.False(env.ContainsKey("BUILD_ONLY"));
    }

    [Fact]
    public void Process_specific_launch_env_applies_last_and_only_to_its_process()
    {
        var layer = _app.AddLayer("test/first", "runtime");
        LaunchApp.WriteFile(layer, "env.launch/MODE", "generic");
        LaunchApp.WriteFile(layer, "env.launch/web/MODE", "web");
        LaunchApp.WriteFile(layer, "env.launch/web/WEB_ONLY", "yes");

        Assert.Equal("web", EnvironmentOf("web")["MODE"]);
        var worker = EnvironmentOf("worker");
        Assert.Equal("generic", worker["MODE"]);
        Assert.False(worker.ContainsKey("WEB_ONLY"));
    }

    [Fact]
    public void Env_files_apply_in_buildpack_order_then_layer_name_order()
    {
        LaunchApp.WriteFile(_app.AddLayer("test/second", "a"), "env/ORDER.append", "3");
        LaunchApp.WriteFile(_app.AddLayer("test/first", "b"), "env/ORDER.append", "2");
        LaunchApp.WriteFile(_app.AddLayer("test/first", "a"), "env/ORDER.append", "1");

        Assert.Equal("123", EnvironmentOf("web")["ORDER"]);
    }

    [Fact]
    public void A_buildpack_adds_its_layer_paths_before_its_env_files()
    {
        var a = _app.AddLayer("test/first", "a");
        var b = _app.AddLayer("test/first", "b");
        LaunchApp.WriteFile(a, "env/PATH.override", "/only");
        Directory.CreateDirectory(Path.Combine(b, "bin"));

        Assert.Equal("/only", EnvironmentOf("web")["PATH"]);
    }

    [Fact]
    public void Ignored_layers_toml_files_and_unknown_buildpacks_contribute_nothing()
    {
        var ignored = Path.Combine(_app.LayersDir, "test_first", "old.ignore");
        LaunchApp.WriteFile(ignored, "env/FROM_IGNORED", "x");
        Directory.CreateDirectory(Path.Combine(ignored, "bin"));
        var stranger = Path.Combine(_app.LayersDir, "test_stranger", "layer");
        LaunchApp.WriteFile(stranger, "env/FROM_STRANGER", "x");
        LaunchApp.WriteFile(Path.Combine(_app.LayersDir, "test_first"), "layer.toml", "[types]\nlaunch = true\n");

        var env = EnvironmentOf("web");

        Assert.False(env.ContainsKey("FROM_IGNORED"));
        Assert.False(env.ContainsKey("FROM_STRANGER"));
        Assert.Equal("/usr/local/bin:/usr/bin:/bin", env["PATH"]);
    }
}
