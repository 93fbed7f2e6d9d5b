namespace Buildpacks.Platform.Execution.Local.Sandbox;

/// <summary>
/// A program to run inside a builder's root file system the way a container of the builder image would run it: that
/// file system as <c>/</c> (read-only: a build user cannot write there in a container either, but for
/// <see cref="Mounts"/>), as <see cref="Uid"/>:<see cref="Gid"/>, with exactly <see cref="Environment"/>.
/// </summary>
public sealed record SandboxCommand
{
    /// <summary>The root file system (a host directory).</summary>
    public required string RootFileSystem { get; init; }

    /// <summary>Host paths seen inside, in order (a later mount may sit inside an earlier one).</summary>
    public IReadOnlyList<SandboxMount> Mounts { get; init; } = [];

    /// <summary>The user the program runs as.</summary>
    public required int Uid { get; init; }

    /// <summary>The group the program runs as.</summary>
    public required int Gid { get; init; }

    /// <summary>The program's whole environment: nothing of this process's is passed on.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>
    /// Whether the program shares this machine's network, as a container on the <c>host</c> network does (the default:
    /// buildpacks download their dependencies); false gives it no network at all (<c>none</c>).
    /// </summary>
    public bool ShareNetwork { get; init; } = true;

    /// <summary>The working directory inside.</summary>
    public string WorkingDirectory { get; init; } = "/";

    /// <summary>The program, a path inside.</summary>
    public string Executable { get; init; } = "/bin/true";

    /// <summary>Its arguments.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];
}
