using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Tests.Support;
using Xunit;

namespace Buildpacks.Lifecycle.Tests.Samples;

/// <summary>The buildpacks/samples buildpacks that need no network behave under our detector and builder as their READMEs say.</summary>
public sealed class SampleBuildpackTests : IDisposable
{
    private readonly LifecycleWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Hello_universe_detects_hello_world_then_hello_moon_and_builds_both()
    {
        SampleBuildpacks.AddHelloUniverse(_ws);
        _ws.WriteFile(Path.Combine(_ws.PlatformDir, "env", "HELLO"), "universe");
        _ws.WriteOrder([(SampleBuildpacks.HelloUniverse, "0.0.2", false)]);

        var result = await _ws.DetectAsync();

        Assert.Equal(["samples/hello-world@0.0.2", "samples/hello-moon@0.0.2"], GroupToml.Read(_ws.GroupPath).Select(e => e.ToString()));
        Assert.All(GroupToml.Read(_ws.GroupPath), e => Assert.Equal("0.11", e.Api));
        var entry = Assert.Single(PlanToml.Read(_ws.PlanPath).Entries);
        Assert.Equal(SampleBuildpacks.HelloWorld, Assert.Single(entry.Providers).Id);
        Assert.Equal(["some-world", "some-world"], entry.Requires.Select(r => r.Name));
        Assert.Empty(entry.Requires[0].Metadata);
        Assert.Equal("Earth-616", entry.Requires[1].Metadata["world"]);
        Assert.Equal(2, result.Group.Count);

        var metadata = await _ws.BuildAsync();

        var world = _ws.Log.OutputOf(SampleBuildpacks.HelloWorld);
        Assert.Equal("---> Hello World buildpack", world[0]);
        Assert.Contains("       HELLO=universe", world);
        Assert.Contains($"     layers_dir: {_ws.BuildpackLayersDir(SampleBuildpacks.HelloWorld)}", world);
        Assert.Contains(world, l => l.Contains("world = \"Earth-616\"", StringComparison.Ordinal));
        Assert.Equal("---> Done", world[^1]);
        var moon = _ws.Log.OutputOf(SampleBuildpacks.HelloMoon);
        Assert.Equal("---> Hello Moon buildpack", moon[0]);
        Assert.Equal("---> Done", moon[^1]);
        Assert.Equal(["samples/hello-world", "samples/hello-moon"], MetadataToml.Read(_ws.MetadataPath).Buildpacks.Select(b => b.Id));
        Assert.Empty(metadata.Processes);
    }

    [Fact]
    public async Task Hello_moon_alone_fails_detection_because_nothing_provides_some_world()
    {
        SampleBuildpacks.AddHelloMoon(_ws);
        _ws.WriteOrder([(SampleBuildpacks.HelloMoon, "0.0.2", false)]);

        var e = await Assert.ThrowsAsync<LifecycleException>(_ws.DetectAsync);

        Assert.Equal(20, e.ExitCode);
    }

    [Fact]
    public async Task Hello_processes_adds_a_sys_info_launch_layer_and_process()
    {
        SampleBuildpacks.AddHelloWorld(_ws);
        SampleBuildpacks.AddHelloProcesses(_ws);
        _ws.WriteOrder([(SampleBuildpacks.HelloWorld, "0.0.2", false), (SampleBuildpacks.HelloProcesses, "0.0.1", false)]);

        await _ws.DetectAndBuildAsync();

        Assert.Equal([SampleBuildpacks.HelloWorld, SampleBuildpacks.HelloProcesses], GroupToml.Read(_ws.GroupPath).Select(e => e.Id));
        var layersDir = _ws.BuildpackLayersDir(SampleBuildpacks.HelloProcesses);
        var layer = LayerToml.Read(layersDir, "sys-info");
        Assert.True(layer.Types.Launch);
        Assert.False(layer.Types.Build);
        var script = Path.Combine(layersDir, "sys-info", "sys-info.sh");
        Assert.True((File.GetUnixFileMode(script) & UnixFileMode.UserExecute) != 0);
        var process = Assert.Single(MetadataToml.Read(_ws.MetadataPath).Processes);
        Assert.Equal("sys-info", process.Type);
        Assert.Equal([script], process.Command);
        Assert.Equal(SampleBuildpacks.HelloProcesses, process.BuildpackId);
        Assert.True(process.Direct);
        Assert.Contains("---> Adding sys-info process", _ws.Log.OutputOf(SampleBuildpacks.HelloProcesses));
    }
}
