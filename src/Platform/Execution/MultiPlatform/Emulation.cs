using Buildpacks.Images.Model;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.MultiPlatform;

/// <summary>
/// Whether this machine runs programs of another architecture: Linux's binfmt_misc with a qemu-user entry for it, with
/// the F flag (the kernel holds the interpreter open, so it works in containers and sandboxes whose root has no qemu).
/// A build for a foreign platform runs its builder's buildpacks under it, in Container and Local execution alike.
/// </summary>
public static class Emulation
{
    /// <summary>Where the kernel lists its binfmt_misc entries.</summary>
    public const string BinfmtDirectory = "/proc/sys/fs/binfmt_misc";

    /// <summary>
    /// Throws BP2010 when <paramref name="platform"/> is not this machine's and no usable emulator is registered for it.
    /// Off Linux (a remote or VM daemon: Docker Desktop emulates by itself) nothing is checked.
    /// </summary>
    public static void Require(ImagePlatform platform, string binfmtDirectory = BinfmtDirectory)
    {
        ArgumentNullException.ThrowIfNull(platform);
        if (!OperatingSystem.IsLinux() || ImagePlatform.Current.Matches(platform) && platform.Matches(ImagePlatform.Current))
        {
            return;
        }

        if (QemuName(platform.Architecture) is not { } name)
        {
            throw CodedException.Of(Messages.EmulationMissing, platform, ImagePlatform.Current, $"no qemu-user emulator is known for architecture '{platform.Architecture}'");
        }

        var entry = Path.Combine(binfmtDirectory, $"qemu-{name}");
        string[] lines;
        try
        {
            lines = File.ReadAllLines(entry);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CodedException.Of(Messages.EmulationMissing, platform, ImagePlatform.Current, $"{entry} does not exist (binfmt_misc has no qemu-{name} entry)");
        }

        if (!lines.Contains("enabled"))
        {
            throw CodedException.Of(Messages.EmulationMissing, platform, ImagePlatform.Current, $"{entry} is disabled");
        }

        var flags = lines.FirstOrDefault(l => l.StartsWith("flags:", StringComparison.Ordinal))?["flags:".Length..].Trim() ?? "";
        if (!flags.Contains('F', StringComparison.Ordinal))
        {
            throw CodedException.Of(Messages.EmulationMissing, platform, ImagePlatform.Current, $"{entry} is registered without the F flag (flags '{flags}'), so containers and sandboxes cannot reach its interpreter");
        }
    }

    // qemu-user's names for the GOARCH architectures images use.
    private static string? QemuName(string architecture) => architecture.ToLowerInvariant() switch
    {
        "arm64" => "aarch64",
        "amd64" => "x86_64",
        "arm" => "arm",
        "386" => "i386",
        "ppc64le" => "ppc64le",
        "s390x" => "s390x",
        "riscv64" => "riscv64",
        "loong64" => "loongarch64",
        _ => null,
    };
}
