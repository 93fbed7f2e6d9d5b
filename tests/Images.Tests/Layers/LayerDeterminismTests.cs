using System.Text;
using Buildpacks.Images.Layers;
using Buildpacks.TestInfrastructure;
using Xunit;
using static Buildpacks.Images.Tests.Layers.LayerTestFiles;

namespace Buildpacks.Images.Tests.Layers;

/// <summary>A layer depends on content, names, modes and the chosen options only: never on times, order or the host.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // layers carry Unix modes; these tests use Unix tools
public sealed class LayerDeterminismTests
{
    [Fact]
    public async Task The_same_directory_built_twice_gives_identical_bytes_even_after_its_mtimes_change()
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        Write(source, "app.dll", "binary", LayerModes.File);
        Write(source, "run.sh", "#!/bin/sh", LayerModes.Executable);
        Write(source, "wwwroot/css/site.css", "body {}");

        var first = await LayerWriter.WriteDirectoryAsync(source.Path, output.Combine("first.tar.gz"));
        foreach (var path in Directory.EnumerateFileSystemEntries(source.Path, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTime(path, new DateTime(2031, 5, 6, 7, 8, 9));
            File.SetLastAccessTime(path, new DateTime(2032, 1, 1));
        }

        var second = await LayerWriter.WriteDirectoryAsync(source.Path, output.Combine("second.tar.gz"));

        Assert.Equal(first.Blob.Digest, second.Blob.Digest);
        Assert.Equal(first.DiffId, second.DiffId);
        Assert.Equal(await File.ReadAllBytesAsync(first.Path), await File.ReadAllBytesAsync(second.Path));
    }

    [Fact]
    public async Task Directories_with_the_same_content_created_in_a_different_order_give_identical_bytes()
    {
        using var forwards = new TempDirectory();
        using var backwards = new TempDirectory();
        using var output = new TempDirectory();
        var files = Enumerable.Range(0, 40).Select(i => ($"d{i % 5}/f{i:D2}.txt", $"content {i}")).ToList();
        foreach (var (path, content) in files)
        {
            Write(forwards, path, content);
        }

        foreach (var (path, content) in Enumerable.Reverse(files))
        {
            Write(backwards, path, content);
            File.SetLastWriteTimeUtc(backwards.Combine(path), DateTime.UtcNow.AddDays(-3));
        }

        var a = await LayerWriter.WriteDirectoryAsync(forwards.Path, output.Combine("a.tar.gz"));
        var b = await LayerWriter.WriteDirectoryAsync(backwards.Path, output.Combine("b.tar.gz"));

        Assert.Equal(await File.ReadAllBytesAsync(a.Path), await File.ReadAllBytesAsync(b.Path));
    }

    [Fact]
    public async Task Every_entry_has_the_fixed_1980_time_unless_another_is_chosen()
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        Write(source, "dir/file", "x");

        var fixedTime = await LayerWriter.WriteDirectoryAsync(source.Path, output.Combine("a.tar.gz"));
        var epoch = DateTimeOffset.FromUnixTimeSeconds(1700000000);
        var chosen = await LayerWriter.WriteDirectoryAsync(source.Path, output.Combine("b.tar.gz"), new LayerWriteOptions { ModificationTime = epoch });

        Assert.All(await LayerReader.ListAsync(fixedTime.Path), e => Assert.Equal(new DateTimeOffset(1980, 1, 1, 0, 0, 1, TimeSpan.Zero), e.ModificationTime));
        Assert.All(await LayerReader.ListAsync(chosen.Path), e => Assert.Equal(epoch, e.ModificationTime));
    }

    [Fact]
    public async Task A_long_name_is_encoded_without_the_process_id_or_any_access_or_change_time()
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        var longName = new string('n', 120) + ".dll"; // one segment over 100 bytes: needs a PAX header
        Write(source, "lib/" + longName, "x");

        var layer = await LayerWriter.WriteDirectoryAsync(source.Path, output.Combine("a.tar.gz"));
        var tar = Encoding.Latin1.GetString(Gunzip(layer.Path));

        Assert.Contains("lib/PaxHeaders.0/" + longName[..50], tar, StringComparison.Ordinal);
        Assert.DoesNotContain("PaxHeaders." + Environment.ProcessId, tar, StringComparison.Ordinal);
        Assert.DoesNotContain("atime=", tar, StringComparison.Ordinal);
        Assert.DoesNotContain("ctime=", tar, StringComparison.Ordinal);
        Assert.DoesNotContain(" mtime=", tar, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gzip_header_has_no_time_and_names_Unix_as_the_operating_system()
    {
        using var source = new TempDirectory();
        using var output = new TempDirectory();
        Write(source, "a", "a");

        var layer = await LayerWriter.WriteDirectoryAsync(source.Path, output.Combine("a.tar.gz"));
        var header = (await File.ReadAllBytesAsync(layer.Path))[..10];

        Assert.Equal(new byte[] { 0x1f, 0x8b, 0x08, 0 }, header[..4]);
        Assert.Equal(new byte[] { 0, 0, 0, 0 }, header[4..8]);
        Assert.Equal(3, header[9]);
    }

    [Fact]
    public async Task The_ustar_header_bytes_are_those_Go_archive_tar_writes()
    {
        using var output = new TempDirectory();
        var layer = await LayerWriter.WriteEntriesAsync(
            [LayerEntry.TextFile("hello.txt", "hi\n", LayerModes.File)],
            output.Combine("a.tar.gz"),
            new LayerWriteOptions { Uid = 1000, Gid = 1000 });
        var tar = Gunzip(layer.Path);

        // Octal fields zero-padded with a NUL terminator, empty uname/gname, zero device numbers, "ustar\0" "00", the
        // checksum as six digits, NUL, space; content padded to 512; two zero blocks and no 10 KiB record padding.
        Assert.Equal(512 + 512 + 1024, tar.Length);
        Assert.Equal("hello.txt\0", Encoding.ASCII.GetString(tar, 0, 10));
        Assert.Equal("0000644\0", Encoding.ASCII.GetString(tar, 100, 8));
        Assert.Equal("0001750\0", Encoding.ASCII.GetString(tar, 108, 8));
        Assert.Equal("0001750\0", Encoding.ASCII.GetString(tar, 116, 8));
        Assert.Equal("00000000003\0", Encoding.ASCII.GetString(tar, 124, 12));
        Assert.Equal("02263523001\0", Encoding.ASCII.GetString(tar, 136, 12)); // 315532801 = 1980-01-01T00:00:01Z
        Assert.Equal((byte)'0', tar[156]);
        Assert.Equal("ustar\000", Encoding.ASCII.GetString(tar, 257, 8));
        Assert.All(tar[265..329], b => Assert.Equal(0, b));
        Assert.Equal("0000000\00000000\0", Encoding.ASCII.GetString(tar, 329, 16));
        var checksum = tar[..512].Select((b, i) => i is >= 148 and < 156 ? (byte)' ' : b).Sum(b => b);
        Assert.Equal(Convert.ToString(checksum, 8).PadLeft(6, '0') + "\0 ", Encoding.ASCII.GetString(tar, 148, 8));
        Assert.Equal("hi\n", Encoding.ASCII.GetString(tar, 512, 3));
    }
}
