namespace Buildpacks.Images.Layers;

/// <summary>The modes the writer falls back to when it cannot read one (explicit entries, Windows sources).</summary>
public static class LayerModes
{
    /// <summary>0644: a file readable by all, writable by its owner.</summary>
    public const UnixFileMode File =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>0755: an executable file or a directory.</summary>
    public const UnixFileMode Executable = File | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>0755 for directories.</summary>
    public const UnixFileMode Directory = Executable;

    /// <summary>0777: Linux symlinks always have it, and the reference lifecycle writes it.</summary>
    public const UnixFileMode Symlink = Executable | UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>The bits a tar mode carries: permissions plus setuid, setgid and sticky (07777).</summary>
    public const UnixFileMode TarBits = (UnixFileMode)0xFFF;
}
