using System.Formats.Tar;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores.Archive;
using Buildpacks.Images.Engine;
using Buildpacks.Images.Stores.Daemon;
using Buildpacks.Images.Tests.Layout;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.Images.Daemon.Tests;

/// <summary>The transport seam's contract, which both transports must keep alike for the store to behave alike.</summary>
[Collection(DaemonImagesCollection.Name)]
public sealed class DaemonImageApiTests : DaemonTestBase
{
    [Fact]
    public async Task The_version_names_the_api_the_daemon_speaks()
    {
        using var api = new EngineApiClient(TestDaemon);

        var version = await api.GetVersionAsync(default);

        Assert.Equal((await DockerTestCli.RunAsync("version", "--format", "{{.Server.APIVersion}}")).Trim(), version.ApiVersion);
        Assert.Equal((await DockerTestCli.RunAsync("version", "--format", "{{.Server.Version}}")).Trim(), version.Version);
        Assert.Equal("linux", version.Os);
    }

    [Fact]
    public async Task A_loaded_archive_is_announced_inspected_listed_and_saved()
    {
        var name = UniqueName("api");
        var archive = Temp.Combine("image.tar");
        var written = await new ImageArchiveStore(archive).WriteImageAsync(TestImages.Busybox(Temp.Combine("work"), name), default);
        using var api = new EngineApiClient(TestDaemon);

        DaemonLoadOutcome outcome;
        await using (var file = File.OpenRead(archive))
        {
            outcome = await api.LoadImageAsync(file, default);
        }

        Assert.Null(outcome.Error);
        Assert.Contains(outcome.Messages, m => m.StartsWith("Loaded image", StringComparison.Ordinal));
        var inspect = await api.TryInspectImageAsync(name, default);
        Assert.NotNull(inspect);
        Assert.Equal(written.ImageId.ToString(), inspect.Id);
        Assert.Equal("linux", inspect.Os);
        Assert.Equal("amd64", inspect.Architecture);
        Assert.Single(inspect.DiffIds);
        Assert.Contains(ImageReference.Parse(name), inspect.RepoTags.Select(t => ImageReference.Parse(t)));
        var listed = Assert.Single(await api.ListImagesAsync(default), i => i.Id == inspect.Id);
        Assert.Contains(ImageReference.Parse(name), listed.RepoTags.Select(t => ImageReference.Parse(t)));
        await using var saved = await api.SaveImageAsync(inspect.Id, default);
        Assert.Contains(await EntryNamesAsync(saved), n => n.EndsWith(written.ImageId.Hex + ".json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_image_the_daemon_lacks_inspects_as_null()
    {
        using var api = new EngineApiClient(TestDaemon);

        Assert.Null(await api.TryInspectImageAsync(DockerTestCli.UniqueRepository("absent") + ":1.0", default));
    }

    [Fact]
    public async Task Saving_or_tagging_an_image_the_daemon_lacks_names_the_image()
    {
        var absent = DockerTestCli.UniqueRepository("absent") + ":1.0";
        using var api = new EngineApiClient(TestDaemon);

        var save = await Assert.ThrowsAsync<DaemonImageNotFoundException>(() => api.SaveImageAsync(absent, default));
        var tag = await Assert.ThrowsAsync<DaemonImageNotFoundException>(() => api.TagImageAsync(absent, "bp-test/other", "1.0", default));

        Assert.Equal(absent, save.Image);
        Assert.Equal(absent, tag.Image);
        Assert.Contains(absent, tag.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_the_daemon_refuses_carries_its_status_and_message()
    {
        var name = UniqueName("refusedtag");
        await Store.WriteImageAsync(TestImages.Busybox(Temp.Combine("work"), name), default);
        using var api = new EngineApiClient(TestDaemon);

        // Repository names are lowercase: the daemon says so (Docker 20.10 with a 500, newer ones with a 400).
        var error = await Assert.ThrowsAsync<DaemonRequestException>(() => api.TagImageAsync(name, "bp-test/Not-Lowercase", "1.0", default));

        Assert.InRange(error.StatusCode, 400, 599);
        Assert.Contains("lowercase", error.DaemonMessage, StringComparison.Ordinal);
        Assert.Contains(error.DaemonMessage, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_archive_the_daemon_cannot_read_is_refused_with_its_message()
    {
        using var api = new EngineApiClient(TestDaemon);
        using var garbage = new MemoryStream("this is not a tar archive, not even close"u8.ToArray());

        // Docker refuses inside a 200 answer, Podman with a 500: the contract allows both, each with the daemon's words.
        string? refusal;
        try
        {
            refusal = (await api.LoadImageAsync(garbage, default)).Error;
        }
        catch (DaemonRequestException ex)
        {
            refusal = ex.DaemonMessage;
        }

        Assert.False(string.IsNullOrWhiteSpace(refusal));
    }

    [Fact]
    public async Task A_socket_where_no_daemon_listens_is_named_with_what_to_do()
    {
        var socket = Temp.Combine("no-daemon.sock");
        using var api = new EngineApiClient(DaemonEndpoint.Resolve("unix://" + socket));

        var error = await Assert.ThrowsAsync<DaemonUnreachableException>(() => api.GetVersionAsync(default));

        Assert.Contains(socket, error.Message, StringComparison.Ordinal);
        Assert.Contains("Start Docker", error.Message, StringComparison.Ordinal);
        Assert.Contains("DOCKER_HOST", error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<string>> EntryNamesAsync(Stream tar)
    {
        var names = new List<string>();
        await using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }
}
