using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Tests.Support;
using Xunit;

namespace Buildpacks.Lifecycle.Tests.Phases;

public sealed class BuilderTests : IDisposable
{
    private readonly LifecycleWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private void WriteGroup(params string[] ids) =>
        _ws.WriteFile(_ws.GroupPath, string.Concat(ids.Select(id => $"[[group]]\nid = \"{id}\"\nversion = \"1.0.0\"\napi = \"0.10\"\n")));

    [Fact]
    public async Task Layer_env_modifiers_apply_to_later_buildpacks_with_each_suffix()
    {
        // test/first creates two build layers: "a-base" sets values, "b-mods" modifies them (layers apply in name order).
        _ws.AddBuildpack("test/first", build: """
            mkdir -p "$1/a-base/env" "$1/b-mods/env" "$1/b-mods/env.build"
            printf '[types]\nbuild = true\n' > "$1/a-base.toml"
            printf '[types]\nbuild = true\n' > "$1/b-mods.toml"
            printf 'base' > "$1/a-base/env/APPENDED"
            printf 'base' > "$1/a-base/env/PREPENDED"
            printf 'base' > "$1/a-base/env/KEPT"
            printf 'base' > "$1/a-base/env/REPLACED"
            printf 'base' > "$1/a-base/env/UNSUFFIXED"
            printf 'base' > "$1/a-base/env/NODELIM"
            printf 'more' > "$1/b-mods/env/APPENDED.append"
            printf ',' > "$1/b-mods/env/APPENDED.delim"
            printf 'more' > "$1/b-mods/env/PREPENDED.prepend"
            printf ':' > "$1/b-mods/env/PREPENDED.delim"
            printf 'ignored' > "$1/b-mods/env/KEPT.default"
            printf 'set' > "$1/b-mods/env/FRESH.default"
            printf 'new' > "$1/b-mods/env/REPLACED.override"
            printf 'layer' > "$1/b-mods/env/UNSUFFIXED"
            printf 'tail' > "$1/b-mods/env/NODELIM.append"
            printf 'line\n' > "$1/b-mods/env/NEWLINE"
            printf 'build-only' > "$1/b-mods/env.build/BUILD_ONLY"
            printf 'x' > "$1/b-mods/env/UNKNOWN.suffix"
            """);
        var envOut = Path.Combine(_ws.Root, "second-env");
        _ws.AddBuildpack("test/second", build: $"env -0 > {envOut}");
        WriteGroup("test/first", "test/second");

        await _ws.BuildAsync();

        var env = ReadEnv(envOut);
        Assert.Equal("base,more", env["APPENDED"]);
        Assert.Equal("more:base", env["PREPENDED"]);
        Assert.Equal("base", env["KEPT"]);
        Assert.Equal("set", env["FRESH"]);
        Assert.Equal("new", env["REPLACED"]);
        Assert.Equal("layer", env["UNSUFFIXED"]);
        Assert.Equal("basetail", env["NODELIM"]);
        Assert.Equal("line\n", env["NEWLINE"]);
        Assert.Equal("build-only", env["BUILD_ONLY"]);
        Assert.False(env.ContainsKey("UNKNOWN"));
    }

    [Fact]
    public async Task Unsuffixed_platform_env_overrides_and_unsuffixed_build_config_env_defaults()
    {
        _ws.WriteFile(Path.Combine(_ws.PlatformDir, "env", "FROM_LAYER"), "platform");
        _ws.WriteFile(Path.Combine(_ws.PlatformDir, "env", "PATH"), "/platform/bin");
        _ws.WriteFile(Path.Combine(_ws.BuildConfigDir, "env", "FROM_LAYER"), "operator");
        _ws.WriteFile(Path.Combine(_ws.BuildConfigDir, "env", "OPERATOR_ONLY"), "operator");
        _ws.WriteFile(Path.Combine(_ws.BuildConfigDir, "env", "FORCED.override"), "operator");
        _ws.AddBuildpack("test/first", build: """
            mkdir -p "$1/tools/env"
            printf '[types]\nbuild = true\n' > "$1/tools.toml"
            printf 'layer' > "$1/tools/env/FROM_LAYER"
            printf 'layer' > "$1/tools/env/FORCED"
            """);
        var envOut = Path.Combine(_ws.Root, "second-env");
        _ws.AddBuildpack("test/second", build: $"env -0 > {envOut}");
        WriteGroup("test/first", "test/second");

        await _ws.BuildAsync();

        var env = ReadEnv(envOut);
        Assert.Equal("platform", env["FROM_LAYER"]);
        Assert.Equal("operator", env["OPERATOR_ONLY"]);
        Assert.Equal("operator", env["FORCED"]);
        Assert.Equal("/platform/bin:/usr/local/bin:/usr/bin:/bin", env["PATH"]);
        Assert.False(env.ContainsKey("LIFECYCLE_SECRET"));
    }

    [Fact]
    public async Task A_build_only_layer_is_on_the_path_of_a_later_build_but_not_for_launch()
    {
        _ws.AddBuildpack("test/tools", build: """
            mkdir -p "$1/tools/bin"
            printf '#!/bin/sh\necho tool-ran\n' > "$1/tools/bin/mytool"
            chmod +x "$1/tools/bin/mytool"
            printf '[types]\nbuild = true\n[metadata]\nversion = "1.2"\n' > "$1/tools.toml"
            """);
        _ws.AddBuildpack("test/user", build: "mytool");
        WriteGroup("test/tools", "test/user");

        await _ws.BuildAsync();

        Assert.Contains("tool-ran", _ws.Log.OutputOf("test/user"));
        var layer = LayerToml.Read(_ws.BuildpackLayersDir("test/tools"), "tools");
        Assert.True(layer.Types.Build);
        Assert.False(layer.Types.Launch);
        Assert.False(layer.Types.Cache);
        Assert.Equal("1.2", layer.Metadata["version"]);
        Assert.True(Directory.Exists(Path.Combine(_ws.BuildpackLayersDir("test/tools"), "tools")));
    }

    [Fact]
    public async Task A_cache_only_layer_is_kept_but_not_visible_to_later_buildpacks()
    {
        _ws.AddBuildpack("test/cacher", build: """
            mkdir -p "$1/deps/bin"
            printf '#!/bin/sh\necho nope\n' > "$1/deps/bin/cachedtool"
            chmod +x "$1/deps/bin/cachedtool"
            printf '[types]\ncache = true\n' > "$1/deps.toml"
            """);
        var envOut = Path.Combine(_ws.Root, "env");
        _ws.AddBuildpack("test/user", build: $"env -0 > {envOut}\nif command -v cachedtool; then exit 9; fi");
        WriteGroup("test/cacher", "test/user");

        await _ws.BuildAsync();

        var layer = LayerToml.Read(_ws.BuildpackLayersDir("test/cacher"), "deps");
        Assert.Equal((false, false, true), (layer.Types.Launch, layer.Types.Build, layer.Types.Cache));
        Assert.True(File.Exists(Path.Combine(_ws.BuildpackLayersDir("test/cacher"), "deps", "bin", "cachedtool")));
        Assert.DoesNotContain("deps", ReadEnv(envOut)["PATH"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_layer_with_no_type_is_renamed_ignore()
    {
        _ws.AddBuildpack("test/temp", build: """
            mkdir -p "$1/scratch"
            echo data > "$1/scratch/file"
            printf '[types]\nlaunch = false\n' > "$1/scratch.toml"
            """);
        WriteGroup("test/temp");

        await _ws.BuildAsync();

        var dir = _ws.BuildpackLayersDir("test/temp");
        Assert.False(Directory.Exists(Path.Combine(dir, "scratch")));
        Assert.True(File.Exists(Path.Combine(dir, "scratch.ignore", "file")));
    }

    [Fact]
    public async Task A_launch_layer_without_a_directory_is_accepted_for_reuse()
    {
        _ws.AddBuildpack("test/reuse", build: "printf '[types]\\nlaunch = true\\n[metadata]\\nsha = \"abc\"\\n' > \"$1/runtime.toml\"");
        WriteGroup("test/reuse");

        await _ws.BuildAsync();

        var layer = LayerToml.Read(_ws.BuildpackLayersDir("test/reuse"), "runtime");
        Assert.True(layer.Types.Launch);
        Assert.True(layer.ReusesPreviousImageLayer);
        Assert.True(File.Exists(_ws.MetadataPath));
    }

    [Fact]
    public async Task Launch_toml_processes_with_default_args_and_working_dir_go_to_metadata_toml()
    {
        _ws.AddBuildpack("test/procs", build: """
            cat > "$1/launch.toml" <<'EOF'
            [[labels]]
            key = "org.example.team"
            value = "shop"

            [[processes]]
            type = "web"
            command = ["dotnet", "Shop.dll"]
            args = ["--urls", "http://0.0.0.0:8080"]
            default = true
            working-dir = "/workspace/app"

            [[processes]]
            type = "worker"
            command = ["dotnet", "Worker.dll"]

            [[slices]]
            paths = ["wwwroot/**"]
            EOF
            """);
        WriteGroup("test/procs");

        var result = await _ws.BuildAsync();

        var metadata = MetadataToml.Read(_ws.MetadataPath);
        Assert.Equal("web", metadata.BuildpackDefaultProcessType);
        Assert.Equal(["web", "worker"], metadata.Processes.Select(p => p.Type));
        var web = metadata.Processes[0];
        Assert.Equal(["dotnet", "Shop.dll"], web.Command);
        Assert.Equal(["--urls", "http://0.0.0.0:8080"], web.Args);
        Assert.True(web.Direct);
        Assert.Equal("/workspace/app", web.WorkingDirectory);
        Assert.Equal("test/procs", web.BuildpackId);
        Assert.Empty(metadata.Processes[1].Args);
        Assert.Equal("org.example.team", Assert.Single(metadata.Labels).Key);
        Assert.Equal(["wwwroot/**"], Assert.Single(metadata.Slices).Paths);
        var buildpack = Assert.Single(metadata.Buildpacks);
        Assert.Equal(("test/procs", "1.0.0", "0.10"), (buildpack.Id, buildpack.Version, buildpack.Api));
        Assert.Equal(metadata.Processes.Count, result.Processes.Count);

        var text = File.ReadAllText(_ws.MetadataPath);
        Assert.StartsWith("buildpack-default-process-type = \"web\"", text, StringComparison.Ordinal);
        Assert.Contains("[[processes]]", text, StringComparison.Ordinal);
        Assert.DoesNotContain("processes =", text, StringComparison.Ordinal);
        Assert.DoesNotContain("default =", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_later_process_of_the_same_type_replaces_the_earlier_and_clears_its_default()
    {
        _ws.AddBuildpack("test/first", build: "printf '[[processes]]\\ntype = \"web\"\\ncommand = [\"first\"]\\ndefault = true\\n' > \"$1/launch.toml\"");
        _ws.AddBuildpack("test/second", build: "printf '[[processes]]\\ntype = \"web\"\\ncommand = [\"second\"]\\n' > \"$1/launch.toml\"");
        WriteGroup("test/first", "test/second");

        await _ws.BuildAsync();

        var metadata = MetadataToml.Read(_ws.MetadataPath);
        var web = Assert.Single(metadata.Processes);
        Assert.Equal(["second"], web.Command);
        Assert.Equal("test/second", web.BuildpackId);
        Assert.Null(metadata.BuildpackDefaultProcessType);
        Assert.Contains(_ws.Log.Messages, m => m.Message.Contains("redefining the following default process type", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_defaults_in_one_launch_toml_are_rejected_with_52()
    {
        _ws.AddBuildpack("test/twodefaults", build: "printf '[[processes]]\\ntype = \"a\"\\ncommand = [\"a\"]\\ndefault = true\\n[[processes]]\\ntype = \"b\"\\ncommand = [\"b\"]\\ndefault = true\\n' > \"$1/launch.toml\"");
        WriteGroup("test/twodefaults");

        var e = await Assert.ThrowsAsync<LifecycleException>(_ws.BuildAsync);

        Assert.Equal(52, e.ExitCode);
        Assert.Contains("multiple default process types", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_d_executables_of_a_launch_layer_are_kept_in_place()
    {
        _ws.AddBuildpack("test/execd", build: """
            mkdir -p "$1/runtime/exec.d/web"
            printf '#!/bin/sh\necho VAR=\\"x\\" >&3\n' > "$1/runtime/exec.d/helper"
            printf '#!/bin/sh\nexit 0\n' > "$1/runtime/exec.d/web/only-web"
            chmod +x "$1/runtime/exec.d/helper" "$1/runtime/exec.d/web/only-web"
            printf '[types]\nlaunch = true\n' > "$1/runtime.toml"
            """);
        WriteGroup("test/execd");

        await _ws.BuildAsync();

        var layer = Path.Combine(_ws.BuildpackLayersDir("test/execd"), "runtime");
        Assert.True(LayerToml.Read(_ws.BuildpackLayersDir("test/execd"), "runtime").Types.Launch);
        foreach (var helper in new[] { Path.Combine(layer, "exec.d", "helper"), Path.Combine(layer, "exec.d", "web", "only-web") })
        {
            Assert.True(File.Exists(helper));
            Assert.True((File.GetUnixFileMode(helper) & UnixFileMode.UserExecute) != 0);
        }
    }

    [Fact]
    public async Task Sbom_files_are_copied_to_the_sbom_tree_by_layer_type()
    {
        Directory.CreateDirectory(Path.Combine(_ws.LayersDir, "sbom", "launch", "stale"));
        _ws.AddBuildpack(
            "test/sbom",
            buildpackTableExtra: "sbom-formats = [\"application/vnd.cyclonedx+json\", \"application/spdx+json\"]",
            build: """
                mkdir -p "$1/runtime" "$1/deps"
                printf '[types]\nlaunch = true\n' > "$1/runtime.toml"
                printf '[types]\ncache = true\n' > "$1/deps.toml"
                echo '{"launch":1}' > "$1/launch.sbom.cdx.json"
                echo '{"build":1}' > "$1/build.sbom.spdx.json"
                echo '{"runtime":1}' > "$1/runtime.sbom.cdx.json"
                echo '{"deps":1}' > "$1/deps.sbom.cdx.json"
                """);
        WriteGroup("test/sbom");

        await _ws.BuildAsync();

        var sbom = Path.Combine(_ws.LayersDir, "sbom");
        Assert.False(Directory.Exists(Path.Combine(sbom, "launch", "stale")));
        Assert.Equal("{\"launch\":1}\n", File.ReadAllText(Path.Combine(sbom, "launch", "test_sbom", "sbom.cdx.json")));
        Assert.Equal("{\"build\":1}\n", File.ReadAllText(Path.Combine(sbom, "build", "test_sbom", "sbom.spdx.json")));
        Assert.Equal("{\"runtime\":1}\n", File.ReadAllText(Path.Combine(sbom, "launch", "test_sbom", "runtime", "sbom.cdx.json")));
        Assert.Equal("{\"deps\":1}\n", File.ReadAllText(Path.Combine(sbom, "build", "test_sbom", "deps", "sbom.cdx.json")));
        Assert.Equal("{\"deps\":1}\n", File.ReadAllText(Path.Combine(sbom, "cache", "test_sbom", "deps", "sbom.cdx.json")));
    }

    [Fact]
    public async Task An_undeclared_sbom_media_type_fails_the_build_with_52()
    {
        _ws.AddBuildpack("test/undeclared", build: "echo '{}' > \"$1/launch.sbom.syft.json\"");
        WriteGroup("test/undeclared");

        var e = await Assert.ThrowsAsync<LifecycleException>(_ws.BuildAsync);

        Assert.Equal(52, e.ExitCode);
        Assert.Contains("undeclared SBOM media type 'application/vnd.syft+json'", e.Message, StringComparison.Ordinal);
        Assert.Contains("test/undeclared@1.0.0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_bin_build_exits_51_and_stops_the_build()
    {
        _ws.AddBuildpack("test/fails", build: "echo compiling\nexit 7");
        var marker = Path.Combine(_ws.Root, "second-ran");
        _ws.AddBuildpack("test/after", build: $"touch {marker}");
        WriteGroup("test/fails", "test/after");

        var e = await Assert.ThrowsAsync<LifecycleException>(_ws.BuildAsync);

        Assert.Equal(51, e.ExitCode);
        Assert.Contains("test/fails@1.0.0", e.Message, StringComparison.Ordinal);
        Assert.Contains("exit code 7", e.Message, StringComparison.Ordinal);
        Assert.Contains("compiling", _ws.Log.OutputOf("test/fails"));
        Assert.False(File.Exists(marker));
        Assert.False(File.Exists(_ws.MetadataPath));
    }

    [Fact]
    public async Task A_non_executable_bin_build_is_an_error_naming_the_buildpack_and_the_file()
    {
        var dir = _ws.AddBuildpack("test/noexec");
        var build = Path.Combine(dir, "bin", "build");
        File.SetUnixFileMode(build, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        WriteGroup("test/noexec");

        var e = await Assert.ThrowsAsync<LifecycleException>(_ws.BuildAsync);

        Assert.Equal(51, e.ExitCode);
        Assert.Contains("test/noexec@1.0.0", e.Message, StringComparison.Ordinal);
        Assert.Contains(build + " is not executable", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_layer_toml_with_top_level_types_is_an_error_naming_the_buildpack_the_file_and_the_line()
    {
        _ws.AddBuildpack("test/oldtypes", build: "printf '[metadata]\\nx = 1\\n' > \"$1/old.toml\"\nprintf 'launch = true\\n' > \"$1/wrong.toml\"");
        WriteGroup("test/oldtypes");

        var e = await Assert.ThrowsAsync<LifecycleException>(_ws.BuildAsync);

        Assert.Equal(52, e.ExitCode);
        Assert.Contains("test/oldtypes@1.0.0", e.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_ws.BuildpackLayersDir("test/oldtypes"), "wrong.toml") + ":1:", e.Message, StringComparison.Ordinal);
        Assert.Contains("types table", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_gets_positional_arguments_its_own_layers_dir_and_its_plan()
    {
        var envOut = Path.Combine(_ws.Root, "build-env");
        _ws.AddBuildpack("test/provider", build: $"""
            echo "args=$1 $2" > {envOut}
            echo "plan=$3" >> {envOut}
            echo "pwd=$(pwd)" >> {envOut}
            env >> {envOut}
            cp "$3" {envOut}.plan
            """);
        WriteGroup("test/provider");
        _ws.WriteFile(_ws.PlanPath, """
            [[entries]]
            [[entries.providers]]
            id = "test/provider"
            version = "1.0.0"
            [[entries.requires]]
            name = "node"
            [entries.requires.metadata]
            version = "22"
            [[entries.requires]]
            name = "node"
            [[entries]]
            [[entries.providers]]
            id = "test/other"
            version = "1.0.0"
            [[entries.requires]]
            name = "python"
            """);

        await _ws.BuildAsync();

        var lines = File.ReadAllLines(envOut);
        var bpLayers = _ws.BuildpackLayersDir("test/provider");
        Assert.Equal($"args={bpLayers} {_ws.PlatformDir}", lines[0]);
        var planPath = lines[1]["plan=".Length..];
        Assert.Equal($"pwd={_ws.AppDir}", lines[2]);
        Assert.Contains($"CNB_LAYERS_DIR={bpLayers}", lines);
        Assert.Contains($"CNB_BP_PLAN_PATH={planPath}", lines);
        Assert.Contains($"CNB_PLATFORM_DIR={_ws.PlatformDir}", lines);
        var plan = BuildpackPlanToml.Read(envOut + ".plan");
        Assert.Equal(["node", "node"], plan.Select(r => r.Name));
        Assert.Equal("22", plan[0].Metadata["version"]);
    }

    [Fact]
    public async Task Entries_marked_unmet_are_passed_to_the_next_provider()
    {
        _ws.AddBuildpack("test/first", build: "printf '[[unmet]]\\nname = \"node\"\\n' > \"$1/build.toml\"");
        var secondPlan = Path.Combine(_ws.Root, "second-plan");
        _ws.AddBuildpack("test/second", build: $"cp \"$3\" {secondPlan}");
        WriteGroup("test/first", "test/second");
        _ws.WriteFile(_ws.PlanPath, """
            [[entries]]
            [[entries.providers]]
            id = "test/first"
            version = "1.0.0"
            [[entries.providers]]
            id = "test/second"
            version = "1.0.0"
            [[entries.requires]]
            name = "node"
            [[entries]]
            [[entries.providers]]
            id = "test/first"
            version = "1.0.0"
            [[entries.providers]]
            id = "test/second"
            version = "1.0.0"
            [[entries.requires]]
            name = "yarn"
            """);

        await _ws.BuildAsync();

        Assert.Equal(["node"], BuildpackPlanToml.Read(secondPlan).Select(r => r.Name));
    }

    [Fact]
    public async Task An_unmet_name_not_in_the_plan_is_rejected()
    {
        _ws.AddBuildpack("test/first", build: "printf '[[unmet]]\\nname = \"ghost\"\\n' > \"$1/build.toml\"");
        WriteGroup("test/first");

        var e = await Assert.ThrowsAsync<LifecycleException>(_ws.BuildAsync);

        Assert.Equal(52, e.ExitCode);
        Assert.Contains("unmet.name 'ghost' must match a requested dependency", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_group_toml_exits_1()
    {
        _ws.WriteFile(_ws.GroupPath, "[[group]\n");

        var e = await Assert.ThrowsAsync<LifecycleException>(_ws.BuildAsync);

        Assert.Equal(1, e.ExitCode);
        Assert.Contains(_ws.GroupPath, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Target_env_vars_come_from_analyzed_toml()
    {
        var envOut = Path.Combine(_ws.Root, "env");
        _ws.AddBuildpack("test/targets", build: $"env -0 > {envOut}");
        WriteGroup("test/targets");
        _ws.WriteFile(Path.Combine(_ws.LayersDir, "analyzed.toml"), """
            [run-image]
            reference = "example.com/run@sha256:abc"
            [run-image.target]
            os = "linux"
            arch = "arm64"
            arch-variant = "v8"
            [run-image.target.distro]
            name = "ubuntu"
            version = "24.04"
            """);

        await _ws.BuildAsync();

        var env = ReadEnv(envOut);
        Assert.Equal("linux", env["CNB_TARGET_OS"]);
        Assert.Equal("arm64", env["CNB_TARGET_ARCH"]);
        Assert.Equal("v8", env["CNB_TARGET_ARCH_VARIANT"]);
        Assert.Equal("ubuntu", env["CNB_TARGET_DISTRO_NAME"]);
        Assert.Equal("24.04", env["CNB_TARGET_DISTRO_VERSION"]);
    }

    [Fact]
    public async Task Build_output_is_streamed_line_by_line_as_it_is_printed()
    {
        var gate = Path.Combine(_ws.Root, "gate");
        _ws.AddBuildpack("test/slow", build: $"echo first\nwhile [ ! -f {gate} ]; do sleep 0.05; done\necho second");
        WriteGroup("test/slow");

        var build = _ws.BuildAsync();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!_ws.Log.OutputOf("test/slow").Contains("first") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(["first"], _ws.Log.OutputOf("test/slow"));
        File.WriteAllText(gate, "");
        await build;
        Assert.Equal(["first", "second"], _ws.Log.OutputOf("test/slow"));
    }

    [Fact]
    public async Task Cancellation_stops_a_running_build()
    {
        _ws.AddBuildpack("test/hangs", build: "sleep 60");
        WriteGroup("test/hangs");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new Lifecycle.Phases.Builder(_ws.Inputs(), _ws.Log).RunAsync(cancellation.Token));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
    }

    /// <summary>Reads the output of <c>env -0</c>: NAME=value entries separated by NUL, values verbatim.</summary>
    private static Dictionary<string, string> ReadEnv(string path) =>
        File.ReadAllText(path)
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
}
