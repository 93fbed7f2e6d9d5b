using Buildpacks.Images.Model;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution.MultiPlatform;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Platform.Tests.Execution.MultiPlatform;

/// <summary>The check that a foreign platform's buildpacks can run here (binfmt_misc with qemu, F flag), over a stand-in of /proc/sys/fs/binfmt_misc.</summary>
public sealed class EmulationTests : IDisposable
{
    private static readonly ImagePlatform Foreign = ImageplatformOtherThanThisMachine();
    private readonly TempDirectory _binfmt = new("bp-binfmt");

    public void Dispose() => _binfmt.Dispose();

    private static ImagePlatform ImageplatformOtherThanThisMachine() =>
        ImagePlatform.Current.Architecture == "arm64" ? ImagePlatform.LinuxAmd64 : ImagePlatform.Parse("linux/arm64");

    private void Entry(string content) =>
        File.WriteAllText(Path.Combine(_binfmt.Path, Foreign.Architecture == "arm64" ? "qemu-aarch64" : "qemu-x86_64"), content);

    [Fact]
    public void This_machines_platform_needs_no_emulation() => Emulation.Require(ImagePlatform.Current, _binfmt.Path);

    [Fact]
    public void A_registered_enabled_entry_with_the_F_flag_is_enough()
    {
        Entry("enabled\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\nflags: POF\noffset 0\n");

        Emulation.Require(Foreign, _binfmt.Path);
    }

    [Fact]
    public void No_entry_is_BP2010_saying_how_to_enable_emulation()
    {
        var refusal = Assert.Throws<CodedException>(() => Emulation.Require(Foreign, _binfmt.Path));

        Assert.Equal("BP2010", refusal.Coded.Code);
        Assert.Contains("qemu-user-static", refusal.Coded.Text, StringComparison.Ordinal);
        Assert.Contains("bookworm-backports", refusal.Coded.Text, StringComparison.Ordinal);
        Assert.Contains("F flag", refusal.Coded.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_without_the_F_flag_is_refused()
    {
        Entry("enabled\ninterpreter /usr/bin/qemu-aarch64\nflags: P\n");

        Assert.Contains("without the F flag", Assert.Throws<CodedException>(() => Emulation.Require(Foreign, _binfmt.Path)).Coded.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disabled_entry_is_refused()
    {
        Entry("disabled\ninterpreter /usr/bin/qemu-aarch64\nflags: OCF\n");

        Assert.Contains("is disabled", Assert.Throws<CodedException>(() => Emulation.Require(Foreign, _binfmt.Path)).Coded.Text, StringComparison.Ordinal);
    }
}
