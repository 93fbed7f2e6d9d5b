namespace Buildpacks.Platform.Execution.Local.Sandbox;

/// <summary>A host path seen at <paramref name="SandboxPath"/> inside the sandbox, read-only unless <paramref name="Writable"/>.</summary>
/// <param name="HostPath">The directory or file on this machine (absolute).</param>
/// <param name="SandboxPath">Where the sandbox sees it (absolute, e.g. <c>/layers</c>).</param>
/// <param name="Writable">Whether the sandbox may write to it.</param>
public sealed record SandboxMount(string HostPath, string SandboxPath, bool Writable);
