namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// The <c>/cnb</c> tree of a builder on this machine (buildpacks, order.toml, run.toml, build-config, the launcher),
/// laid out as in the builder image under <see cref="Root"/>, so the in-process lifecycle uses it as a builder
/// container would. Shared by every build of the same builder: never written after it is made.
/// </summary>
public sealed class BuilderFileTree
{
    /// <summary>Wraps the tree at <paramref name="root"/> (the directory standing for the builder's <c>/</c>).</summary>
    public BuilderFileTree(string root) => Root = root;

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
}
