namespace Buildpacks.Platform.Execution.Local.Sandbox;

/// <summary>
/// Something the sandbox sees at <see cref="SandboxPath"/>: a host directory or file (read-only unless
/// <see cref="Writable"/>), or, with no <see cref="HostPath"/>, an empty directory in memory that later mounts sit in.
/// </summary>
/// <param name="HostPath">The directory or file on this machine (absolute); null for an empty in-memory directory.</param>
/// <param name="SandboxPath">Where the sandbox sees it (absolute, e.g. <c>/layers</c>).</param>
/// <param name="Writable">Whether the sandbox may write to it.</param>
public sealed record SandboxMount(string? HostPath, string SandboxPath, bool Writable)
{
    /// <summary>A host path, read-only.</summary>
    public static SandboxMount ReadOnly(string hostPath, string sandboxPath) => new(hostPath, sandboxPath, false);

    /// <summary>A host path the sandbox may write to.</summary>
    public static SandboxMount ReadWrite(string hostPath, string sandboxPath) => new(hostPath, sandboxPath, true);

    /// <summary>An empty in-memory directory (read-only once the mounts inside it are made).</summary>
    public static SandboxMount Empty(string sandboxPath) => new(null, sandboxPath, false);
}
