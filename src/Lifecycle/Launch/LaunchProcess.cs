namespace Buildpacks.Lifecycle.Launch;

/// <summary>
/// A process type contributed by a buildpack (launch.toml <c>[[processes]]</c>; metadata.toml <c>[[processes]]</c>).
/// </summary>
/// <param name="Type">The process type, e.g. <c>web</c>.</param>
/// <param name="Command">The command and its fixed arguments (always kept by the launcher).</param>
/// <param name="Args">Default arguments, replaced by user arguments at launch (Buildpack API 0.9+).</param>
/// <param name="Direct">True when executed without a shell (always true for Buildpack API 0.9+).</param>
/// <param name="Default">True when the buildpack marked it as the default process.</param>
/// <param name="BuildpackId">The buildpack that contributed it.</param>
/// <param name="WorkingDirectory">The working directory, or null for the app directory.</param>
/// <param name="ExecEnv">Execution environments the process applies to; empty means all.</param>
public sealed record LaunchProcess(
    string Type,
    IReadOnlyList<string> Command,
    IReadOnlyList<string> Args,
    bool Direct,
    bool Default,
    string BuildpackId,
    string? WorkingDirectory,
    IReadOnlyList<string> ExecEnv);

/// <summary>An image label contributed by a buildpack (launch.toml <c>[[labels]]</c>).</summary>
/// <param name="Key">The label key.</param>
/// <param name="Value">The label value.</param>
public sealed record LaunchLabel(string Key, string Value);

/// <summary>
/// An application slice (launch.toml <c>[[slices]]</c>): globs relative to the app directory whose files the exporter
/// puts in a layer of their own.
/// </summary>
/// <param name="Paths">The globs.</param>
public sealed record AppSlice(IReadOnlyList<string> Paths);
