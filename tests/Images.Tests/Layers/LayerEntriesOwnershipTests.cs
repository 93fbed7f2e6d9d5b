using Buildpacks.Images.Layers;
using Buildpacks.TestInfrastructure;
using Xunit;
using static Buildpacks.Images.Tests.Layers.LayerTestFiles;

namespace Buildpacks.Images.Tests.Layers;

/// <summary>
/// <see cref="LayerEntries.FromDirectory(string, bool)"/> with ownership kept: each entry carries its file's own uid and
/// gid, as a root filesystem needs. The sources are chowned, so these tests need root (as CI runs them).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // ownership comes from lstat, Linux only
public sealed class LayerEntriesOwnershipTests
{
    [Fact]
    public async Task Preserved_ownership_gives_each_file_directory_and_symlink_its_own_uid_and_gid()
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        Write(source, "etc/shadow", "root:*:1::::::", Mode0600);
        Write(source, "home/cnb/.profile", "# profile");
        File.CreateSymbolicLink(source.Combine("home/cnb/link"), ".profile");
        await ChownAsync("0:42", source.Combine("etc/shadow"));
        await ChownAsync("1000:1000", source.Combine("home/cnb"), source.Combine("home/cnb/.profile"));
        await ChownAsync("-h", "1001:1002", source.Combine("home/cnb/link"));

        var layer = await LayerWriter.WriteEntriesAsync(
            LayerEntries.FromDirectory(source.Path, preserveOwnership: true),
            output.Combine("l.tar.gz"));
        var owners = (await LayerReader.ListAsync(layer.Path)).ToDictionary(e => e.Name, e => (e.Uid, e.Gid));

        Assert.Equal((0, 42), owners["etc/shadow"]);
        Assert.Equal((1000, 1000), owners["home/cnb/"]);
        Assert.Equal((1000, 1000), owners["home/cnb/.profile"]);
        Assert.Equal((1001, 1002), owners["home/cnb/link"]); // the link's own owner, not its target's
        Assert.Equal((0, 0), owners["etc/"]);
    }

    [Fact]
    public async Task Preserved_ownership_wins_over_the_writers_uid_and_gid()
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        Write(source, "f", "x");
        await ChownAsync("1000:1000", source.Combine("f"));

        var layer = await LayerWriter.WriteEntriesAsync(
            LayerEntries.FromDirectory(source.Path, preserveOwnership: true),
            output.Combine("l.tar.gz"),
            new LayerWriteOptions { Uid = 5, Gid = 6 });

        Assert.Equal((1000, 1000), (await LayerReader.ListAsync(layer.Path)).Select(e => (e.Uid, e.Gid)).Single());
    }

    [Fact]
    public async Task Without_preserved_ownership_entries_carry_no_owner_and_the_writer_decides()
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        Write(source, "d/f", "x");
        await ChownAsync("1000:1000", source.Combine("d"), source.Combine("d/f"));

        var entries = LayerEntries.FromDirectory(source.Path, preserveOwnership: false);
        var layer = await LayerWriter.WriteEntriesAsync(entries, output.Combine("l.tar.gz"), new LayerWriteOptions { Uid = 7, Gid = 8 });

        Assert.All(entries, e => Assert.Null(e.Uid));
        Assert.All(await LayerReader.ListAsync(layer.Path), e => Assert.Equal((7, 8), (e.Uid, e.Gid)));
    }

    [Fact]
    public async Task A_hard_link_keeps_the_owner_of_the_inode_it_shares()
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        var first = Write(source, "a", "same inode");
        await ProcessRunner.RunCheckedAsync("ln", first, source.Combine("b"));
        await ChownAsync("33:34", first);

        var layer = await LayerWriter.WriteEntriesAsync(
            LayerEntries.FromDirectory(source.Path, preserveOwnership: true),
            output.Combine("l.tar.gz"));
        var entries = await LayerReader.ListAsync(layer.Path);

        Assert.Equal(System.Formats.Tar.TarEntryType.HardLink, entries.Single(e => e.Name == "b").Type);
        Assert.All(entries, e => Assert.Equal((33, 34), (e.Uid, e.Gid)));
    }

    [Fact]
    public async Task A_fifo_is_refused_even_when_keeping_ownership()
    {
        using var source = new TempDirectory();
        File.CreateSymbolicLink(source.Combine("null-link"), "/dev/null"); // a symlink to a device is fine
        Assert.Single(LayerEntries.FromDirectory(source.Path, preserveOwnership: true));

        var fifo = source.Combine("fifo");
        await ProcessRunner.RunCheckedAsync("mkfifo", fifo);

        var error = Assert.Throws<LayerSourceException>(() => LayerEntries.FromDirectory(source.Path, preserveOwnership: true));
        Assert.Equal(fifo, error.SourcePath);
    }

    private static async Task ChownAsync(params string[] arguments)
    {
        RequiredServices.RequireTool("chown");
        var result = await ProcessRunner.RunAsync("chown", arguments);
        Assert.True(
            result.ExitCode == 0,
            $"chown {string.Join(' ', arguments)} failed (these tests need root to give files other owners): {result.StandardError}");
    }
}
