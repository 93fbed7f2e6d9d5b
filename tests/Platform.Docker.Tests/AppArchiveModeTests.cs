using Buildpacks.Platform.Execution.AppFiles;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Platform.Docker.Tests;

/// <summary>
/// The modes of app files in the image when the publish output comes from a Windows host, which has no Unix
/// permission bits: what a Linux container runs (an ELF apphost, a #! script) must stay executable, as pack makes sure by
/// writing every file 0777 from Windows.
/// </summary>
public sealed class AppArchiveModeTests : IDisposable
{
    private readonly TempDirectory _app = new("app-modes");

    public void Dispose() => _app.Dispose();

    [Fact]
    public void From_Windows_a_self_contained_apphost_and_scripts_are_executable_and_other_files_are_not()
    {
        var apphost = _app.Combine("HelloWeb");
        File.WriteAllBytes(apphost, [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0]);
        var script = _app.WriteFile("start.sh", "#!/bin/sh\nexec ./HelloWeb\n");
        var dll = _app.WriteFile("HelloWeb.dll", "MZ not a Linux executable");
        var empty = _app.WriteFile("empty.txt", "");

        Assert.Equal((UnixFileMode)0x1ED, ContainerArchives.ModeOf(apphost, AppFileKind.File, windowsHost: true));
        Assert.Equal((UnixFileMode)0x1ED, ContainerArchives.ModeOf(script, AppFileKind.File, windowsHost: true));
        Assert.Equal((UnixFileMode)0x1A4, ContainerArchives.ModeOf(dll, AppFileKind.File, windowsHost: true));
        Assert.Equal((UnixFileMode)0x1A4, ContainerArchives.ModeOf(empty, AppFileKind.File, windowsHost: true));
        Assert.Equal((UnixFileMode)0x1ED, ContainerArchives.ModeOf(_app.Path, AppFileKind.Directory, windowsHost: true));
    }

    [Fact]
    public void Elsewhere_the_hosts_bits_are_kept()
    {
        var file = _app.WriteFile("tool", "#!/bin/sh\n");
        File.SetUnixFileMode(file, (UnixFileMode)0x1C0); // 0700

        Assert.Equal((UnixFileMode)0x1C0, ContainerArchives.ModeOf(file, AppFileKind.File, windowsHost: false));
    }
}
