using System.Formats.Tar;
using Buildpacks.Images.Layers;
using Buildpacks.TestInfrastructure;
using Xunit;
using static Buildpacks.Images.Tests.Layers.LayerTestFiles;

namespace Buildpacks.Images.Tests.Layers;

/// <summary>What goes in a layer's headers: order, names, modes, ownership, links, parents.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // layers carry Unix modes; these tests use Unix tools
public sealed class LayerEntriesTests
{
    [Fact]
    public async Task Entries_are_sorted_by_name_within_each_directory_with_parents_before_children()
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        foreach (var path in new[] { "b", "a.txt", "a/z", "a/b/c", "A", "a-b" })
        {
            Write(source, path, path);
        }

        var layer = await LayerWriter.WriteDirectoryAsync(source.Path, output.Combine("l.tar.gz"));

        Assert.Equal(["A", "a/", "a/b/", "a/b/c", "a/z", "a-b", "a.txt", "b"], await NamesAsync(layer.Path));
    }

    [Fact]
    public async Task Modes_are_the_files_own_permission_bits_so_only_executables_are_executable()
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        Write(source, "secret.txt", "s", Mode0600);
        Write(source, "data.json", "{}", LayerModes.File);
        Write(source, "run.sh", "#!/bin/sh", LayerModes.Executable);
        Write(source, "private/x", "x");
        File.SetUnixFileMode(source.Combine("private"), Mode0700);

        var layer = await LayerWriter.WriteDirectoryAsync(source.Path, output.Combine("l.tar.gz"));
        var modes = (await LayerReader.ListAsync(layer.Path)).ToDictionary(e => e.Name, e => e.Mode);

        Assert.Equal(Mode0600, modes["secret.txt"]);
        Assert.Equal(LayerModes.File, modes["data.json"]);
        Assert.Equal(LayerModes.Executable, modes["run.sh"]);
        Assert.Equal(Mode0700, modes["private/"]);
        Assert.Equal(LayerModes.File, modes["private/x"]);
    }

    [Fact]
    public async Task File_and_directory_modes_can_be_overridden()
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        Write(source, "dir/run.sh", "x", LayerModes.Executable);
        File.SetUnixFileMode(source.Combine("dir"), Mode0700);

        var layer = await LayerWriter.WriteDirectoryAsync(
            source.Path,
            output.Combine("l.tar.gz"),
            new LayerWriteOptions { FileMode = Mode0600, DirectoryMode = Mode0750 });
        var modes = (await LayerReader.ListAsync(layer.Path)).ToDictionary(e => e.Name, e => e.Mode);

        Assert.Equal(Mode0750, modes["dir/"]);
        Assert.Equal(Mode0600, modes["dir/run.sh"]);
    }

    [Fact]
    public async Task Ownership_is_the_chosen_uid_and_gid_with_empty_user_and_group_names()
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        Write(source, "d/f", "x");

        var layer = await LayerWriter.WriteDirectoryAsync(source.Path, output.Combine("l.tar.gz"), new LayerWriteOptions { Uid = 1001, Gid = 2002 });

        Assert.All(await LayerReader.ListAsync(layer.Path), e =>
        {
            Assert.Equal((1001, 2002), (e.Uid, e.Gid));
            Assert.Equal((string.Empty, string.Empty), (e.UserName, e.GroupName));
        });
    }

    [Fact]
    public async Task A_uid_too_large_for_ustar_is_carried_in_a_pax_record()
    {
        using var output = new TempDirectory();
        var layer = await LayerWriter.WriteEntriesAsync([LayerEntry.TextFile("f", "x")], output.Combine("l.tar.gz"), new LayerWriteOptions { Uid = 3_000_000 });

        Assert.Equal(3_000_000, Assert.Single(await LayerReader.ListAsync(layer.Path)).Uid);
    }

    [Fact]
    public async Task The_target_directory_and_its_parents_are_written_with_the_parent_mode_and_ownership()
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        Write(source, "app.dll", "x");

        var layer = await LayerWriter.WriteDirectoryAsync(
            source.Path,
            output.Combine("l.tar.gz"),
            new LayerWriteOptions { TargetDirectory = "/workspace/app", Uid = 1000, Gid = 1000, ParentDirectoryUid = 0, ParentDirectoryGid = 0, ParentDirectoryMode = Mode0750 });
        var entries = await LayerReader.ListAsync(layer.Path);

        Assert.Equal(["workspace/", "workspace/app/", "workspace/app/app.dll"], entries.Select(e => e.Name));
        Assert.All(entries.Take(2), e => Assert.Equal((TarEntryType.Directory, Mode0750, 0, 0), (e.Type, e.Mode, e.Uid, e.Gid)));
        Assert.Equal((1000, 1000), (entries[2].Uid, entries[2].Gid));
    }

    [Fact]
    public async Task Absolute_naming_writes_names_as_the_reference_lifecycle_does()
    {
        using var output = new TempDirectory();
        var layer = await LayerWriter.WriteEntriesAsync(
            [LayerEntry.Directory("bin"), LayerEntry.TextFile("bin/x", "x")],
            output.Combine("l.tar.gz"),
            new LayerWriteOptions { TargetDirectory = "workspace", Naming = LayerEntryNaming.Absolute });

        Assert.Equal(["/workspace", "/workspace/bin", "/workspace/bin/x"], await NamesAsync(layer.Path));
    }

    [Fact]
    public async Task Symlinks_keep_their_target_verbatim_and_are_not_followed()
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        Write(source, "real/file", "x");
        File.CreateSymbolicLink(source.Combine("relative"), "real/../real/file");
        File.CreateSymbolicLink(source.Combine("absolute"), "/usr/share/dotnet");
        Directory.CreateSymbolicLink(source.Combine("dirlink"), "real");

        var layer = await LayerWriter.WriteDirectoryAsync(source.Path, output.Combine("l.tar.gz"));
        var entries = (await LayerReader.ListAsync(layer.Path)).ToDictionary(e => e.Name);

        Assert.Equal((TarEntryType.SymbolicLink, "real/../real/file"), (entries["relative"].Type, entries["relative"].LinkName));
        Assert.Equal("/usr/share/dotnet", entries["absolute"].LinkName);
        Assert.Equal((TarEntryType.SymbolicLink, "real"), (entries["dirlink"].Type, entries["dirlink"].LinkName));
        Assert.DoesNotContain("dirlink/file", entries.Keys);
    }

    [Fact]
    public async Task A_socket_is_left_out_as_the_reference_lifecycle_leaves_it_out()
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        Write(source, "tool/config.json", "{}");
        using (var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
        {
            socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(source.Combine("tool", "daemon.sock")));
            Assert.True(File.Exists(source.Combine("tool", "daemon.sock")));

            var layer = await LayerWriter.WriteDirectoryAsync(source.Path, output.Combine("l.tar.gz"));

            Assert.Equal(["tool/", "tool/config.json"], await NamesAsync(layer.Path));
        }
    }

    [Fact]
    public async Task Files_sharing_an_inode_become_one_file_and_hard_links_to_its_first_path()
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        Write(source, "b/original", "shared content", LayerModes.Executable);
        await ProcessRunner.RunCheckedAsync("ln", source.Combine("b/original"), source.Combine("a-link"));
        await ProcessRunner.RunCheckedAsync("ln", source.Combine("b/original"), source.Combine("c-link"));

        var layer = await LayerWriter.WriteDirectoryAsync(source.Path, output.Combine("l.tar.gz"), new LayerWriteOptions { TargetDirectory = "app" });
        var entries = (await LayerReader.ListAsync(layer.Path)).ToDictionary(e => e.Name);

        // "a-link" sorts first, so it carries the content; the others link to it.
        Assert.Equal((TarEntryType.RegularFile, 14L), (entries["app/a-link"].Type, entries["app/a-link"].Length));
        Assert.Equal((TarEntryType.HardLink, "app/a-link", LayerModes.Executable), (entries["app/b/original"].Type, entries["app/b/original"].LinkName, entries["app/b/original"].Mode));
        Assert.Equal((TarEntryType.HardLink, "app/a-link"), (entries["app/c-link"].Type, entries["app/c-link"].LinkName));
    }

    [Fact]
    public async Task Explicit_entries_are_sorted_and_get_parent_directories_nobody_listed()
    {
        using var output = new TempDirectory();
        var layer = await LayerWriter.WriteEntriesAsync(
            [LayerEntry.TextFile("z/y/x.toml", "a = 1"), LayerEntry.TextFile("a", "a", Mode0600) with { Uid = 7 }, LayerEntry.Symlink("z/link", "y/x.toml")],
            output.Combine("l.tar.gz"),
            new LayerWriteOptions { Uid = 1, Gid = 2, ParentDirectoryMode = Mode0750 });
        var entries = await LayerReader.ListAsync(layer.Path);

        Assert.Equal(["a", "z/", "z/link", "z/y/", "z/y/x.toml"], entries.Select(e => e.Name));
        Assert.Equal((Mode0600, 7, 2), (entries[0].Mode, entries[0].Uid, entries[0].Gid));
        Assert.Equal(Mode0750, entries[1].Mode);
        Assert.Equal(LayerModes.File, entries[4].Mode);
    }

    [Fact]
    public async Task Whiteout_entries_are_named_as_the_OCI_spec_says()
    {
        using var output = new TempDirectory();
        var layer = await LayerWriter.WriteEntriesAsync([LayerEntry.Whiteout("etc/motd"), LayerEntry.OpaqueWhiteout("var/cache")], output.Combine("l.tar.gz"));

        Assert.Equal(["etc/", "etc/.wh.motd", "var/", "var/cache/", "var/cache/.wh..wh..opq"], await NamesAsync(layer.Path));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../b")]
    [InlineData("")]
    public async Task Paths_that_are_empty_or_climb_are_refused(string path)
    {
        using var output = new TempDirectory();
        await Assert.ThrowsAsync<ArgumentException>(() => LayerWriter.WriteEntriesAsync([LayerEntry.TextFile(path, "x")], output.Combine("l.tar.gz")));
        Assert.False(File.Exists(output.Combine("l.tar.gz")));
    }

    [Fact]
    public async Task Two_entries_for_one_path_are_refused()
    {
        using var output = new TempDirectory();
        await Assert.ThrowsAsync<ArgumentException>(() => LayerWriter.WriteEntriesAsync(
            [LayerEntry.TextFile("a/b", "1"), LayerEntry.TextFile("/a/b", "2")],
            output.Combine("l.tar.gz")));
    }

    [Fact]
    public async Task A_hard_link_to_a_file_not_in_the_layer_is_refused()
    {
        using var output = new TempDirectory();
        await Assert.ThrowsAsync<ArgumentException>(() => LayerWriter.WriteEntriesAsync([LayerEntry.Hardlink("a", "missing")], output.Combine("l.tar.gz")));
    }

    [Fact]
    public async Task A_fifo_in_the_source_directory_is_refused_naming_it()
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        await ProcessRunner.RunCheckedAsync("mkfifo", source.Combine("pipe"));

        var error = await Assert.ThrowsAsync<LayerSourceException>(() => LayerWriter.WriteDirectoryAsync(source.Path, output.Combine("l.tar.gz")));
        Assert.Equal(source.Combine("pipe"), error.SourcePath);
    }
}
