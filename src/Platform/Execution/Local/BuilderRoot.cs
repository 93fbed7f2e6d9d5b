using Buildpacks.Lifecycle.Execution;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// A builder image's whole file system on this machine (its layers extracted in order, whiteouts applied), under
/// <see cref="Root"/>: what the sandbox mounts read-only as <c>/</c> when it runs the builder's lifecycle, and where the
/// in-process phases find the builder's <c>/cnb</c> files. Shared by every build of the same builder: never written
/// after it is made, but for the empty mount points the sandbox needs.
/// </summary>
public sealed class BuilderRoot
{
    /// <summary>Wraps the file system at <paramref name="root"/> (the directory standing for the builder's <c>/</c>).</summary>
    public BuilderRoot(string root) => Root = root;

    /// <summary>The directory that stands for the builder's <c>/</c>.</summary>
    public string Root { get; }

    /// <summary><c>/cnb/buildpacks</c>.</summary>
    public string BuildpacksDirectory => Path.Combine(Root, "cnb", "buildpacks");

    /// <summary><c>/cnb/order.toml</c>.</summary>
    public string OrderPath => Path.Combine(Root, "cnb", "order.toml");

    /// <summary><c>/cnb/run.toml</c>, or null when the builder has none.</summary>
    public string? RunPath => File.Exists(Path.Combine(Root, "cnb", "run.toml")) ? Path.Combine(Root, "cnb", "run.toml") : null;

    /// <summary><c>/cnb/lifecycle/launcher</c>.</summary>
    public string LauncherPath => Path.Combine(Root, "cnb", "lifecycle", "launcher");

    /// <summary><c>/cnb/build-config</c>, or null when the builder has none.</summary>
    public string? BuildConfigDirectory => Directory.Exists(Path.Combine(Root, "cnb", "build-config")) ? Path.Combine(Root, "cnb", "build-config") : null;

    /// <summary>The host path of <paramref name="path"/>, a path in the builder's file system.</summary>
    public string HostPath(string path) => Path.Combine(Root, path.TrimStart('/'));

    /// <summary>The builder's <c>/etc/passwd</c> entry of <paramref name="uid"/>, or null.</summary>
    public PasswdEntry? User(int uid) => PasswdEntry.Find(HostPath("/etc/passwd"), uid);
}
