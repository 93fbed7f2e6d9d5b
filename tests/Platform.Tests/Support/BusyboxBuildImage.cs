using Buildpacks.Images.Layers;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;

namespace Buildpacks.Platform.Tests.Support;

/// <summary>
/// A tiny build image made in the test from the static /bin/busybox (installed by build/services.sh): a shell and
/// coreutils, a cnb user 1000:1000, and the CNB_USER_ID / CNB_GROUP_ID env a build image must set.
/// </summary>
internal static class BusyboxBuildImage
{
    public const int UserId = 1000;
    public const int GroupId = 1000;
    private const string Busybox = "/bin/busybox";

    public static async Task<ImageWriteResult> WriteAsync(IImageStore store, ImageReference reference, string scratch, bool withCnbUser = true)
    {
        if (!File.Exists(Busybox))
        {
            throw new InvalidOperationException($"{Busybox} is missing. Run 'bash build/services.sh' to install it.");
        }

        var entries = new List<LayerEntry>
        {
            LayerEntry.Directory("bin"),
            LayerEntry.File("bin/busybox", LayerEntryContent.FromFile(Busybox), LayerModes.Executable),
            LayerEntry.Directory("etc"),
            LayerEntry.TextFile("etc/passwd", $"root:x:0:0:root:/root:/bin/sh\ncnb:x:{UserId}:{GroupId}:cnb:/home/cnb:/bin/sh\n"),
            LayerEntry.TextFile("etc/group", $"root:x:0:\ncnb:x:{GroupId}:\n"),
            LayerEntry.Directory("tmp", (UnixFileMode)0x3FF | UnixFileMode.StickyBit),
            LayerEntry.Directory("home"),
            LayerEntry.Directory("home/cnb") with { Uid = UserId, Gid = GroupId },
        };
        entries.AddRange(new[] { "sh", "ls", "cat", "echo", "env" }.Select(tool => LayerEntry.Symlink($"bin/{tool}", "busybox")));
        var layer = await LayerWriter.WriteEntriesAsync(entries, Path.Combine(scratch, $"busybox-{Guid.NewGuid():N}.tar.gz"));

        var env = new List<string> { "PATH=/bin" };
        if (withCnbUser)
        {
            env.Add($"CNB_USER_ID={UserId}");
            env.Add($"CNB_GROUP_ID={GroupId}");
        }

        return await store.WriteImageAsync(
            new ImageWriteRequest
            {
                Tags = [reference],
                Config = new ImageConfig
                {
                    Created = LayerWriteOptions.DefaultModificationTime,
                    Config = new ContainerConfig
                    {
                        User = $"{UserId}:{GroupId}",
                        Env = env,
                        Labels = new Dictionary<string, string> { ["io.buildpacks.base.distro.name"] = "busybox" },
                    },
                    History = [new HistoryEntry { Created = LayerWriteOptions.DefaultModificationTime, CreatedBy = "busybox build image (test)" }],
                },
                Layers = [layer.ToLayerToWrite()],
            },
            CancellationToken.None);
    }
}
