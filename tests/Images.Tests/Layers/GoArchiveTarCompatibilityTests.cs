using Buildpacks.Images.Layers;
using Xunit;

namespace Buildpacks.Images.Tests.Layers;

/// <summary>
/// Our tar bytes are those Go's archive/tar writes for the same headers, as the CNB reference lifecycle sets them, so
/// our lifecycle can produce the layer digests its acceptance tests expect.
/// </summary>
public sealed class GoArchiveTarCompatibilityTests
{
    /// <summary>
    /// The sha256 of the tar Go 1.19's archive/tar wrote when it re-encoded these entries (headers with only Name,
    /// Typeflag, Mode, Uid, Gid, Size, ModTime and Linkname set, format unspecified, as lifecycle archive/ does). The
    /// entries cover ustar, a ustar prefix split, PAX for a long path, a long link target, a uid beyond 7 octal digits and
    /// a non-ASCII name.
    /// </summary>
    private const string GoArchiveTarDigest = "sha256:4a717ecd3100ff61dccfbd56c178ae5ea6794e7bca553a29d05fdc36918943c4";

    [Fact]
    public async Task Lifecycle_style_entries_encode_to_the_bytes_Go_archive_tar_writes()
    {
        var longName = string.Concat(Enumerable.Repeat("nested-directory-name/", 8)) + new string('f', 130) + ".txt";
        var splitName = string.Concat(Enumerable.Repeat("nested-directory-name/", 3)) + new string('m', 50);
        LayerEntry[] entries =
        [
            LayerEntry.TextFile(longName, "long"),
            LayerEntry.TextFile(splitName, "split", UnixFileMode.UserRead | UnixFileMode.UserWrite),
            LayerEntry.TextFile("big-uid", "x", LayerModes.Executable) with { Uid = 3_000_000 },
            LayerEntry.TextFile("caf\u00e9", "u"),
            LayerEntry.Hardlink("hard", "caf\u00e9"),
            LayerEntry.Symlink("link", "../" + new string('t', 120)),
        ];
        using var tar = new MemoryStream();

        var digest = await LayerWriter.WriteTarAsync(
            entries,
            tar,
            new LayerWriteOptions { TargetDirectory = "workspace", Naming = LayerEntryNaming.Absolute, Uid = 1000, Gid = 1000 });

        Assert.Equal(GoArchiveTarDigest, digest.ToString());
        Assert.Equal(15872, tar.Length);
    }
}
