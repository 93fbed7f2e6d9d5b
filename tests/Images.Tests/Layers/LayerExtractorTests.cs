using System.Formats.Tar;
using Buildpacks.Images.Layers;
using Buildpacks.TestInfrastructure;
using Xunit;
using static Buildpacks.Images.Tests.Layers.LayerTestFiles;

namespace Buildpacks.Images.Tests.Layers;

/// <summary>The extractor reproduces a layer's tree and never touches anything outside the destination.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // layers carry Unix modes; these tests use Unix tools
public sealed class LayerExtractorTests
{
    [Fact]
    public async Task Our_layer_round_trips_through_the_extractor_with_content_modes_and_links()
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        using var extracted = new TempDirectory();
        var longPath = string.Join('/', Enumerable.Repeat("a-rather-long-directory", 6)) + "/" + new string('x', 120);
        Write(source, "bin/run", "#!/bin/sh", LayerModes.Executable);
        Write(source, "secret", "s", Mode0600);
        Write(source, longPath, "deep");
        Write(source, "readonly/inside", "r");
        File.SetUnixFileMode(source.Combine("readonly"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        File.CreateSymbolicLink(source.Combine("link"), "bin/run");
        await ProcessRunner.RunCheckedAsync("ln", source.Combine("bin/run"), source.Combine("hard"));
        var layer = await LayerWriter.WriteDirectoryAsync(source.Path, output.Combine("l.tar.gz"), new LayerWriteOptions { TargetDirectory = "workspace" });

        await LayerExtractor.ExtractFileAsync(layer.Path, extracted.Path);

        var root = extracted.Combine("workspace");
        Assert.Equal("deep", await File.ReadAllTextAsync(Path.Combine(root, longPath)));
        Assert.Equal(LayerModes.Executable, File.GetUnixFileMode(Path.Combine(root, "bin/run")));
        Assert.Equal(Mode0600, File.GetUnixFileMode(Path.Combine(root, "secret")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(root, "readonly")));
        Assert.Equal("r", await File.ReadAllTextAsync(Path.Combine(root, "readonly/inside")));
        Assert.Equal("bin/run", new FileInfo(Path.Combine(root, "link")).LinkTarget);
        Assert.Equal("2", (await ProcessRunner.RunCheckedAsync("stat", "-c", "%h", Path.Combine(root, "hard"))).Trim());
        Assert.Equal(LayerWriteOptions.DefaultModificationTime.UtcDateTime, File.GetLastWriteTimeUtc(Path.Combine(root, "secret")));
        File.SetUnixFileMode(Path.Combine(root, "readonly"), LayerModes.Directory); // let the temp dir be deleted
    }

    [Fact]
    public async Task Ownership_is_applied_when_asked_and_running_as_root()
    {
        Assert.True(Environment.IsPrivilegedProcess, "The layer tests run as root on this machine (CI runs as root).");
        using var output = new TempDirectory();
        using var extracted = new TempDirectory();
        var layer = await LayerWriter.WriteEntriesAsync([LayerEntry.TextFile("d/f", "x")], output.Combine("l.tar.gz"), new LayerWriteOptions { Uid = 1234, Gid = 4321 });

        await LayerExtractor.ExtractFileAsync(layer.Path, extracted.Combine("owned"), new LayerExtractOptions { PreserveOwnership = true });
        await LayerExtractor.ExtractFileAsync(layer.Path, extracted.Combine("not-owned"));

        Assert.Equal("1234:4321", (await ProcessRunner.RunCheckedAsync("stat", "-c", "%u:%g", extracted.Combine("owned/d/f"))).Trim());
        Assert.Equal("1234:4321", (await ProcessRunner.RunCheckedAsync("stat", "-c", "%u:%g", extracted.Combine("owned/d"))).Trim());
        Assert.Equal("0:0", (await ProcessRunner.RunCheckedAsync("stat", "-c", "%u:%g", extracted.Combine("not-owned/d/f"))).Trim());
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("/../x")]
    public async Task An_entry_that_climbs_out_is_refused_naming_it(string name)
    {
        using var extracted = new TempDirectory();
        using var layer = Tar(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream("x"u8.ToArray()) });

        var error = await Assert.ThrowsAsync<UnsafeLayerEntryException>(() => LayerExtractor.ExtractAsync(layer, extracted.Combine("root")));

        Assert.Equal(name, error.EntryName);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(extracted.Combine("x")));
    }

    [Fact]
    public async Task An_absolute_name_lands_inside_the_destination_never_at_that_host_path()
    {
        using var extracted = new TempDirectory();
        var hostPath = Path.Combine(Path.GetTempPath(), "bp-escape-" + Guid.NewGuid().ToString("N"), "x");
        using var layer = Tar(new PaxTarEntry(TarEntryType.RegularFile, hostPath) { DataStream = new MemoryStream("x"u8.ToArray()) });

        await LayerExtractor.ExtractAsync(layer, extracted.Path);

        Assert.False(File.Exists(hostPath));
        Assert.Equal("x", await File.ReadAllTextAsync(extracted.Path + hostPath));
    }

    [Theory]
    [InlineData("../../outside")]
    [InlineData("a/../../../outside")]
    [InlineData("/etc")]
    public async Task A_symlink_pointing_outside_is_refused(string target)
    {
        using var extracted = new TempDirectory();
        using var layer = Tar(new PaxTarEntry(TarEntryType.SymbolicLink, "dir/evil") { LinkName = target });

        var error = await Assert.ThrowsAsync<UnsafeLayerEntryException>(() => LayerExtractor.ExtractAsync(layer, extracted.Path));

        Assert.Equal("dir/evil", error.EntryName);
        Assert.False(File.Exists(extracted.Combine("dir/evil")));
    }

    [Fact]
    public async Task A_symlink_escape_followed_by_a_write_through_it_writes_nothing_outside()
    {
        using var extracted = new TempDirectory();
        using var outside = new TempDirectory();
        using var layer = Tar(
            new PaxTarEntry(TarEntryType.SymbolicLink, "evil") { LinkName = outside.Path },
            new PaxTarEntry(TarEntryType.RegularFile, "evil/planted") { DataStream = new MemoryStream("x"u8.ToArray()) });

        await Assert.ThrowsAsync<UnsafeLayerEntryException>(() => LayerExtractor.ExtractAsync(layer, extracted.Path));

        Assert.False(File.Exists(outside.Combine("planted")));
    }

    [Fact]
    public async Task A_write_through_a_symlink_already_in_the_destination_that_leads_outside_is_refused()
    {
        using var extracted = new TempDirectory();
        using var outside = new TempDirectory();
        Directory.CreateSymbolicLink(extracted.Combine("evil"), "../" + Path.GetFileName(outside.Path));
        using var layer = Tar(new PaxTarEntry(TarEntryType.RegularFile, "evil/planted") { DataStream = new MemoryStream("x"u8.ToArray()) });

        var error = await Assert.ThrowsAsync<UnsafeLayerEntryException>(() => LayerExtractor.ExtractAsync(layer, extracted.Path));

        Assert.Equal("evil/planted", error.EntryName);
        Assert.False(File.Exists(outside.Combine("planted")));
    }

    [Fact]
    public async Task Absolute_symlinks_when_allowed_are_followed_inside_the_destination_as_a_root_file_system()
    {
        using var extracted = new TempDirectory();
        using var outside = new TempDirectory();
        using var layer = Tar(
            new PaxTarEntry(TarEntryType.SymbolicLink, "lib") { LinkName = outside.Path },
            new PaxTarEntry(TarEntryType.RegularFile, "lib/planted") { DataStream = new MemoryStream("x"u8.ToArray()) });

        await LayerExtractor.ExtractAsync(layer, extracted.Path, new LayerExtractOptions { AllowAbsoluteSymlinks = true });

        Assert.Equal(outside.Path, new FileInfo(extracted.Combine("lib")).LinkTarget);
        Assert.False(File.Exists(outside.Combine("planted")));
        Assert.True(File.Exists(extracted.Path + outside.Path + "/planted"));
    }

    [Fact]
    public async Task A_hard_link_to_a_path_outside_is_refused()
    {
        using var extracted = new TempDirectory();
        using var layer = Tar(new PaxTarEntry(TarEntryType.HardLink, "copy-of-passwd") { LinkName = "../../../../etc/passwd" });

        var error = await Assert.ThrowsAsync<UnsafeLayerEntryException>(() => LayerExtractor.ExtractAsync(layer, extracted.Path));

        Assert.Equal("copy-of-passwd", error.EntryName);
        Assert.False(File.Exists(extracted.Combine("copy-of-passwd")));
    }

    [Fact]
    public async Task A_hard_link_to_a_file_not_in_the_layer_is_refused()
    {
        using var extracted = new TempDirectory();
        using var layer = Tar(new PaxTarEntry(TarEntryType.HardLink, "link") { LinkName = "/etc/passwd" });

        var error = await Assert.ThrowsAsync<LayerExtractionException>(() => LayerExtractor.ExtractAsync(layer, extracted.Path));

        Assert.Equal("link", error.EntryName);
    }

    [Fact]
    public async Task Whiteouts_of_a_later_layer_remove_files_and_empty_opaque_directories_of_earlier_ones()
    {
        using var output = new TempDirectory();
        using var extracted = new TempDirectory();
        var lower = await LayerWriter.WriteEntriesAsync(
            [LayerEntry.TextFile("etc/motd", "hi"), LayerEntry.TextFile("etc/keep", "k"), LayerEntry.TextFile("cache/old", "o"), LayerEntry.TextFile("cache/sub/older", "o")],
            output.Combine("lower.tar.gz"));
        var upper = await LayerWriter.WriteEntriesAsync(
            [LayerEntry.Whiteout("etc/motd"), LayerEntry.OpaqueWhiteout("cache"), LayerEntry.TextFile("cache/-new", "n"), LayerEntry.TextFile("cache/new", "n")],
            output.Combine("upper.tar.gz"));

        await LayerExtractor.ExtractFilesAsync([lower.Path, upper.Path], extracted.Path);

        Assert.False(File.Exists(extracted.Combine("etc/motd")));
        Assert.True(File.Exists(extracted.Combine("etc/keep")));
        Assert.Equal(["-new", "new"], Directory.EnumerateFileSystemEntries(extracted.Combine("cache")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.EnumerateFiles(extracted.Path, ".wh.*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Whiteouts_are_kept_as_files_when_not_applied()
    {
        using var output = new TempDirectory();
        using var extracted = new TempDirectory();
        var layer = await LayerWriter.WriteEntriesAsync([LayerEntry.Whiteout("etc/motd")], output.Combine("l.tar.gz"));

        await LayerExtractor.ExtractFileAsync(layer.Path, extracted.Path, new LayerExtractOptions { ApplyWhiteouts = false });

        Assert.True(File.Exists(extracted.Combine("etc/.wh.motd")));
    }

    [Fact]
    public async Task A_later_layer_replaces_a_directory_with_a_file_and_a_symlink_with_a_directory()
    {
        using var output = new TempDirectory();
        using var extracted = new TempDirectory();
        var lower = await LayerWriter.WriteEntriesAsync([LayerEntry.TextFile("a/inner", "i"), LayerEntry.Symlink("b", "a")], output.Combine("lower.tar.gz"));
        var upper = await LayerWriter.WriteEntriesAsync([LayerEntry.TextFile("a", "now a file"), LayerEntry.TextFile("b/x", "x")], output.Combine("upper.tar.gz"));

        await LayerExtractor.ExtractFilesAsync([lower.Path, upper.Path], extracted.Path);

        Assert.Equal("now a file", await File.ReadAllTextAsync(extracted.Combine("a")));
        Assert.Null(new DirectoryInfo(extracted.Combine("b")).LinkTarget);
        Assert.Equal("x", await File.ReadAllTextAsync(extracted.Combine("b/x")));
    }

    [Fact]
    public async Task Garbage_is_refused_as_a_layer_format_error()
    {
        using var extracted = new TempDirectory();
        using var garbage = new MemoryStream(Enumerable.Range(0, 2048).Select(i => (byte)(i * 7)).ToArray());

        await Assert.ThrowsAsync<LayerFormatException>(() => LayerExtractor.ExtractAsync(garbage, extracted.Path));
    }

    private static MemoryStream Tar(params TarEntry[] entries)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                writer.WriteEntry(entry);
            }
        }

        stream.Position = 0;
        return stream;
    }
}
