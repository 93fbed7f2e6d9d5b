using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Launch;
using Buildpacks.Platform.Tests.Execution.Local;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Buildpacks;

namespace Buildpacks.Platform.Tests.Support;

/// <summary>
/// The fixture buildpacks the platform's end-to-end tests build with (TestInfrastructure's <see cref="FixtureBuildpack"/>
/// and <see cref="BuildScript"/>) write what real-world buildpacks write, in a shape the lifecycle's own readers accept:
/// run here as the lifecycle runs <c>bin/build</c>, then read back with those readers.
/// </summary>
public sealed class FixtureBuildpackTests : IDisposable
{
    private readonly TempDirectory _temp = new("fixture-buildpack");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_build_script_writes_layers_env_files_exec_d_profile_d_sboms_and_a_process_by_absolute_layer_path()
    {
        var buildpack = new FixtureBuildpack("tests/real-world")
        {
            SbomFormats = ["application/vnd.cyclonedx+json"],
            Build = new BuildScript()
                .Layer("runtime", launch: true, cache: true)
                .LayerFile("runtime", "bin/hello", "#!/bin/sh\necho \"hello $1\"", executable: true)
                .LayerEnv("runtime", "GREETING.override", "hi there", BuildScript.EnvScope.Launch)
                .LayerEnv("runtime", "TOOL_HOME.default", "/opt/tool", BuildScript.EnvScope.Build)
                .LayerEnv("runtime", "PATH.prepend", "/opt/runtime/bin")
                .ExecD("runtime", "set-var", "echo 'FROM_EXEC_D = \"yes\"' >&3")
                .ProfileD("runtime", "greet.sh", "export PROFILE_D=yes")
                .LayerSbom("runtime", "cdx.json", "{\"bomFormat\":\"CycloneDX\"}")
                .Layer("downloads", cache: true)
                .Process("hello", ["$layers_dir/runtime/bin/hello"], args: ["world"], isDefault: true),
        }.WriteTo(_temp.Combine("buildpack"));
        var layers = Directory.CreateDirectory(_temp.Combine("layers")).FullName;
        var platform = Directory.CreateDirectory(_temp.Combine("platform")).FullName;
        var app = Directory.CreateDirectory(_temp.Combine("app")).FullName;
        var plan = _temp.WriteFile("plan.toml", "");

        (await ProcessRunner.RunAsync(Path.Combine(buildpack, "bin", "build"), [layers, platform, plan], app)).EnsureSuccess("the fixture's bin/build");

        var descriptor = BuildpackToml.Read(buildpack);
        Assert.Equal(["application/vnd.cyclonedx+json"], descriptor.SbomFormats);
        var process = Assert.Single(LaunchToml.Read(Path.Combine(layers, "launch.toml"), descriptor, new TestBuildLog()).Processes);
        var hello = Path.Combine(layers, "runtime", "bin", "hello");
        Assert.Equal(("hello", true), (process.Type, process.Default));
        Assert.Equal([hello], process.Command);
        Assert.Equal(["world"], process.Args);
        Assert.Equal("hello world", (await ProcessRunner.RunAsync(hello, process.Args)).EnsureSuccess("the process").StandardOutput.Trim());
        Assert.Equal((true, false, true), Types(LayerToml.Read(layers, "runtime")));
        Assert.Equal((false, false, true), Types(LayerToml.Read(layers, "downloads")));
        Assert.Equal("hi there", File.ReadAllText(Path.Combine(layers, "runtime", "env.launch", "GREETING.override")));
        Assert.Equal("/opt/tool", File.ReadAllText(Path.Combine(layers, "runtime", "env.build", "TOOL_HOME.default")));
        Assert.Equal("/opt/runtime/bin", File.ReadAllText(Path.Combine(layers, "runtime", "env", "PATH.prepend")));
        Assert.Equal("export PROFILE_D=yes\n", File.ReadAllText(Path.Combine(layers, "runtime", "profile.d", "greet.sh")));
        Assert.Equal("{\"bomFormat\":\"CycloneDX\"}\n", File.ReadAllText(Path.Combine(layers, "runtime.sbom.cdx.json")));
        var execD = Path.Combine(layers, "runtime", "exec.d", "set-var");
        var toFd3 = await ProcessRunner.RunAsync("bash", ["-c", "\"$0\" 3>&1", execD]);
        Assert.Equal("yes", ExecDOutput.Parse(toFd3.EnsureSuccess("exec.d/set-var").StandardOutput, execD)["FROM_EXEC_D"]);
    }

    [Fact]
    public async Task Detect_scripts_write_the_plan_or_fail_saying_why()
    {
        var plans = new FixtureBuildpack("tests/plans") { Detect = DetectScript.Plan("[[provides]]\nname = \"some-world\"") }.WriteTo(_temp.Combine("plans"));
        var never = new FixtureBuildpack("tests/never") { Detect = DetectScript.Fail("nothing for me") }.WriteTo(_temp.Combine("never"));
        var platform = Directory.CreateDirectory(_temp.Combine("platform")).FullName;
        var plan = _temp.WriteFile("plan.toml", "");

        (await ProcessRunner.RunAsync(Path.Combine(plans, "bin", "detect"), [platform, plan], _temp.Path)).EnsureSuccess("the fixture's bin/detect");
        var failed = await ProcessRunner.RunAsync(Path.Combine(never, "bin", "detect"), [platform, plan], _temp.Path);

        Assert.Equal("some-world", Assert.Single(DetectPlanToml.Read(plan).Main.Provides).Name);
        Assert.Equal((100, "nothing for me"), (failed.ExitCode, failed.StandardOutput.Trim()));
    }

    private static (bool Launch, bool Build, bool Cache) Types(Lifecycle.Layers.LayerMetadata layer) => (layer.Types.Launch, layer.Types.Build, layer.Types.Cache);
}
