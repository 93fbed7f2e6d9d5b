using System.Formats.Tar;
using System.Text;
using Buildpacks.Images.Engine;
using Buildpacks.Images.Tests.Layout;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.Images.Daemon.Tests;

/// <summary>
/// The container API of the Engine API client against the real daemon: what Container execution does with each
/// lifecycle phase (create, copy in, attach, start, wait, copy out, remove), checked with the docker CLI.
/// </summary>
[Collection(DaemonImagesCollection.Name)]
public sealed class EngineContainerTests : DaemonTestBase
{
    private readonly List<string> _containers = [];
    private readonly List<string> _volumes = [];
    private EngineApiClient _engine = null!;
    private string _busybox = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _engine = new EngineApiClient(TestDaemon);
        _busybox = UniqueName("engine-busybox");
        await Store.WriteImageAsync(TestImages.Busybox(Temp.Combine("busybox"), _busybox), default);
    }

    public override async Task DisposeAsync()
    {
        foreach (var container in _containers)
        {
            await DockerTestCli.TryRunAsync("rm", "--force", container);
        }

        foreach (var volume in _volumes)
        {
            await DockerTestCli.TryRunAsync("volume", "rm", "--force", volume);
        }

        _engine.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task An_attached_container_streams_stdout_and_stderr_apart_and_its_exit_code_is_waited_for()
    {
        var id = await CreateAsync(new ContainerSpec
        {
            Image = _busybox,
            Entrypoint = ["/bin/busybox", "sh", "-c"],
            Command = ["echo out-1; echo err-1 >&2; sleep 0.2; echo out-2; exit 3"],
            NetworkMode = "none",
        });

        using var output = await _engine.AttachAsync(id, default);
        await _engine.StartContainerAsync(id, default);
        var (stdout, stderr) = await ReadAllAsync(output);
        var exit = await _engine.WaitContainerAsync(id, default);

        Assert.Equal("out-1\nout-2\n", stdout);
        Assert.Equal("err-1\n", stderr);
        Assert.Equal(3, exit);
    }

    [Fact]
    public async Task A_container_gets_its_command_environment_user_directory_labels_network_and_security_options()
    {
        var label = Guid.NewGuid().ToString("N");
        var id = await CreateAsync(new ContainerSpec
        {
            Image = _busybox,
            Entrypoint = ["/bin/busybox", "sh", "-c"],
            Command = ["echo \"$GREETING $(/bin/busybox id -u):$(/bin/busybox id -g) $(pwd)\""],
            Environment = ["GREETING=hello"],
            User = "1234:5678",
            WorkingDirectory = "/tmp",
            Labels = new Dictionary<string, string> { ["io.buildpacks.test.engine"] = label },
            NetworkMode = "none",
            SecurityOptions = ["label=disable"],
        });

        using var output = await _engine.AttachAsync(id, default);
        await _engine.StartContainerAsync(id, default);
        var (stdout, _) = await ReadAllAsync(output);

        Assert.Equal(0, await _engine.WaitContainerAsync(id, default));
        Assert.Equal("hello 1234:5678 /tmp\n", stdout);
        Assert.Equal(id, (await DockerTestCli.RunAsync("ps", "-a", "-q", "--no-trunc", "--filter", $"label=io.buildpacks.test.engine={label}")).Trim());
        Assert.Equal("none [label=disable]", (await DockerTestCli.RunAsync("inspect", "--format", "{{.HostConfig.NetworkMode}} {{.HostConfig.SecurityOpt}}", id)).Trim());
    }

    [Fact]
    public async Task A_tar_copied_in_is_there_and_a_path_copied_out_comes_back_as_a_tar_and_a_missing_one_as_null()
    {
        var id = await CreateAsync(new ContainerSpec { Image = _busybox, Entrypoint = ["/bin/busybox", "true"], NetworkMode = "none" });
        using var archive = await TarOfAsync(("data/greeting.txt", "copied in\n"));

        await _engine.CopyIntoContainerAsync(id, "/", archive, default);
        await using var copied = await _engine.TryCopyFromContainerAsync(id, "/data", default);
        var missing = await _engine.TryCopyFromContainerAsync(id, "/no/such/path", default);

        Assert.NotNull(copied);
        Assert.Null(missing);
        var entries = await EntriesAsync(copied);
        Assert.Equal("copied in\n", entries["data/greeting.txt"]);
    }

    [Fact]
    public async Task A_volume_carries_files_from_one_container_to_the_next_and_is_removed_after()
    {
        var volume = $"bp-test-engine-{Guid.NewGuid():N}";
        _volumes.Add(volume);
        await _engine.CreateVolumeAsync(volume, new Dictionary<string, string> { ["io.buildpacks.test.engine"] = "volume" }, default);
        var writer = await CreateAsync(new ContainerSpec
        {
            Image = _busybox,
            Entrypoint = ["/bin/busybox", "sh", "-c", "echo kept > /volume/file"],
            Binds = [$"{volume}:/volume"],
            NetworkMode = "none",
        });
        await _engine.StartContainerAsync(writer, default);
        Assert.Equal(0, await _engine.WaitContainerAsync(writer, default));
        var reader = await CreateAsync(new ContainerSpec
        {
            Image = _busybox,
            Entrypoint = ["/bin/busybox", "cat", "/volume/file"],
            Binds = [$"{volume}:/volume:ro"],
            NetworkMode = "none",
        });
        using var output = await _engine.AttachAsync(reader, default);
        await _engine.StartContainerAsync(reader, default);
        var (stdout, _) = await ReadAllAsync(output);
        Assert.Equal("volume", (await DockerTestCli.RunAsync("volume", "inspect", "--format", "{{index .Labels \"io.buildpacks.test.engine\"}}", volume)).Trim());

        await _engine.RemoveContainerAsync(writer, default);
        await _engine.RemoveContainerAsync(reader, default);
        await _engine.RemoveVolumeAsync(volume, default);
        await _engine.RemoveVolumeAsync(volume, default);

        Assert.Equal("kept\n", stdout);
        Assert.Empty((await DockerTestCli.RunAsync("volume", "ls", "-q", "--filter", $"name={volume}")).Trim());
    }

    [Fact]
    public async Task A_running_container_is_killed_and_removed_and_removing_it_again_is_no_error()
    {
        var id = await CreateAsync(new ContainerSpec { Image = _busybox, Entrypoint = ["/bin/busybox", "sleep", "600"], NetworkMode = "none" });
        await _engine.StartContainerAsync(id, default);

        await _engine.KillContainerAsync(id, default);
        var exit = await _engine.WaitContainerAsync(id, default);
        await _engine.RemoveContainerAsync(id, default);
        await _engine.RemoveContainerAsync(id, default);

        Assert.Equal(137, exit);
        Assert.Empty((await DockerTestCli.RunAsync("ps", "-a", "-q", "--filter", $"id={id}")).Trim());
    }

    [Fact]
    public async Task Force_removal_stops_a_running_container_at_once()
    {
        var id = await CreateAsync(new ContainerSpec { Image = _busybox, Entrypoint = ["/bin/busybox", "sleep", "600"], NetworkMode = "none" });
        using var output = await _engine.AttachAsync(id, default);
        await _engine.StartContainerAsync(id, default);

        await _engine.RemoveContainerAsync(id, default);

        // The attached output ends with the container.
        Assert.True((await output.ReadAsync(new byte[64], default)).IsEnd);
        Assert.Empty((await DockerTestCli.RunAsync("ps", "-a", "-q", "--filter", $"id={id}")).Trim());
    }

    [Fact]
    public async Task A_container_of_an_image_the_daemon_lacks_is_refused_naming_the_image()
    {
        var absent = DockerTestCli.UniqueRepository("absent") + ":1.0";

        var error = await Assert.ThrowsAsync<DaemonImageNotFoundException>(() => _engine.CreateContainerAsync(new ContainerSpec { Image = absent }, default));

        Assert.Equal(absent, error.Image);
    }

    [Fact]
    public async Task Calls_about_a_container_that_does_not_exist_carry_the_daemons_404()
    {
        var error = await Assert.ThrowsAsync<DaemonRequestException>(() => _engine.StartContainerAsync("bp-test-no-such-container", default));

        Assert.Equal(404, error.StatusCode);
        Assert.Contains("bp-test-no-such-container", error.DaemonMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_is_inspected_with_its_config_and_removed_and_removing_it_again_is_no_error()
    {
        var name = UniqueName("engine-remove");
        await _engine.TagImageAsync(_busybox, name.Split(':')[0], "1.0", default);

        var inspect = await _engine.TryInspectImageAsync(name, default);
        await _engine.RemoveImageAsync(name, default);
        await _engine.RemoveImageAsync(name, default);

        Assert.NotNull(inspect);
        Assert.Equal("test", inspect.Labels["io.buildpacks.test"]);
        Assert.Contains("BP_TEST=1", inspect.Environment);
        Assert.Null(inspect.User);
        Assert.Null(await _engine.TryInspectImageAsync(name, default));
    }

    private async Task<string> CreateAsync(ContainerSpec spec)
    {
        var id = await _engine.CreateContainerAsync(spec, default);
        _containers.Add(id);
        return id;
    }

    private static async Task<(string Stdout, string Stderr)> ReadAllAsync(MultiplexedStreamReader output)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var buffer = new byte[4096];
        while (await output.ReadAsync(buffer, default) is { IsEnd: false } chunk)
        {
            (chunk.Kind == ContainerOutputKind.Stderr ? stderr : stdout).Write(buffer, 0, chunk.Count);
        }

        return (Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    private static async Task<MemoryStream> TarOfAsync(params (string Path, string Content)[] files)
    {
        var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "data/") { Mode = (UnixFileMode)0b111_101_101 });
            foreach (var (path, content) in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)), Mode = (UnixFileMode)0b110_100_100 };
                await writer.WriteEntryAsync(entry);
            }
        }

        tar.Position = 0;
        return tar;
    }

    private static async Task<Dictionary<string, string>> EntriesAsync(Stream tar)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
        {
            if (entry.DataStream is { } data)
            {
                using var text = new StreamReader(data);
                entries[entry.Name] = await text.ReadToEndAsync();
            }
        }

        return entries;
    }
}
