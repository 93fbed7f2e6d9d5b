using Buildpacks.Images.Layers;
using Buildpacks.TestInfrastructure;
using Xunit;
using static Buildpacks.Images.Tests.Layers.LayerTestFiles;

namespace Buildpacks.Images.Tests.Layers;

/// <summary>GNU tar reads what we write, and we read what GNU tar writes.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // layers carry Unix modes; these tests use Unix tools
public sealed class GnuTarCompatibilityTests
{
    private static readonly string LongDirectory = string.Join('/', Enumerable.Repeat("nested-directory-name", 8));
    private static readonly string LongFile = new string('f', 130) + ".txt";

    // 116 bytes that split into a ustar prefix and name, so no PAX header is needed.
    private static readonly string SplittablePath = string.Join('/', Enumerable.Repeat("nested-directory-name", 3)) + "/" + new string('m', 50);

    [Fact]
    public async Task GNU_tar_lists_our_layer_with_its_modes_owners_links_and_long_names()
    {
        using var source = await SourceTreeAsync();
        using var output = new TempDirectory();
        var layer = await LayerWriter.WriteDirectoryAsync(source.Path, output.Combine("l.tar.gz"), new LayerWriteOptions { Uid = 1000, Gid = 1001 });

        var listing = (await TarAsync("--numeric-owner", "-tvzf", layer.Path)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains(listing, l => l.StartsWith("-rwxr-xr-x 1000/1001", StringComparison.Ordinal) && l.EndsWith(" run.sh", StringComparison.Ordinal));
        Assert.Contains(listing, l => l.StartsWith("-rw------- 1000/1001", StringComparison.Ordinal) && l.EndsWith(" secret", StringComparison.Ordinal));
        Assert.Contains(listing, l => l.StartsWith('l') && l.EndsWith(" link -> run.sh", StringComparison.Ordinal));
        Assert.Contains(listing, l => l.StartsWith('h') && l.EndsWith(" z-hard link to run.sh", StringComparison.Ordinal));
        Assert.Contains(listing, l => l.EndsWith(" " + LongDirectory + "/" + LongFile, StringComparison.Ordinal));
        Assert.Contains(listing, l => l.EndsWith(" " + SplittablePath, StringComparison.Ordinal));
        Assert.Contains(listing, l => l.Contains(" 1980-01-01 00:00 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GNU_tar_extracts_our_layer_to_the_same_content_links_and_modes()
    {
        using var source = await SourceTreeAsync();
        using var output = new TempDirectory();
        using var extracted = new TempDirectory();
        var layer = await LayerWriter.WriteDirectoryAsync(source.Path, output.Combine("l.tar.gz"));

        await TarAsync("-xzf", layer.Path, "-C", extracted.Path);

        Assert.Equal("long", await File.ReadAllTextAsync(extracted.Combine(LongDirectory, LongFile)));
        Assert.Equal("split", await File.ReadAllTextAsync(extracted.Combine(SplittablePath)));
        Assert.Equal("run.sh", new FileInfo(extracted.Combine("link")).LinkTarget);
        Assert.Equal(LayerModes.Executable, File.GetUnixFileMode(extracted.Combine("run.sh")));
        Assert.Equal(Mode0600, File.GetUnixFileMode(extracted.Combine("secret")));
        Assert.Equal("2", (await ProcessRunner.RunCheckedAsync("stat", "-c", "%h", extracted.Combine("z-hard"))).Trim());
    }

    [Fact]
    public async Task We_read_and_extract_what_GNU_tar_writes_with_GNU_long_names()
    {
        using var source = await SourceTreeAsync();
        using var output = new TempDirectory();
        using var extracted = new TempDirectory();
        var archive = output.Combine("gnu.tar");
        await TarAsync("--format=gnu", "--sort=name", "-cf", archive, "-C", source.Path, ".");

        var names = await NamesAsync(archive);
        await LayerExtractor.ExtractFileAsync(archive, extracted.Path);

        Assert.Contains("./" + LongDirectory + "/" + LongFile, names);
        Assert.Equal("long", await File.ReadAllTextAsync(extracted.Combine(LongDirectory, LongFile)));
        Assert.Equal("run.sh", new FileInfo(extracted.Combine("link")).LinkTarget);
        Assert.Equal("2", (await ProcessRunner.RunCheckedAsync("stat", "-c", "%h", extracted.Combine("z-hard"))).Trim());
    }

    [Fact]
    public async Task Our_entry_order_is_the_order_of_GNU_tar_sort_by_name()
    {
        using var source = await SourceTreeAsync();
        using var output = new TempDirectory();
        var archive = output.Combine("gnu.tar");
        await TarAsync("--sort=name", "-cf", archive, "-C", source.Path, ".");
        var layer = await LayerWriter.WriteDirectoryAsync(source.Path, output.Combine("l.tar.gz"));

        var gnuOrder = (await NamesAsync(archive)).Where(n => n != "./").Select(n => n[2..]);

        Assert.Equal(gnuOrder, await NamesAsync(layer.Path));
    }

    private static async Task<TempDirectory> SourceTreeAsync()
    {
        var source = new TempDirectory();
        Write(source, "run.sh", "#!/bin/sh\necho hi\n", LayerModes.Executable);
        Write(source, "secret", "s", Mode0600);
        Write(source, "a.b/c", "c");
        Write(source, "a/c", "c");
        Write(source, LongDirectory + "/" + LongFile, "long");
        Write(source, SplittablePath, "split");
        File.CreateSymbolicLink(source.Combine("link"), "run.sh");
        await ProcessRunner.RunCheckedAsync("ln", source.Combine("run.sh"), source.Combine("z-hard"));
        return source;
    }
}
