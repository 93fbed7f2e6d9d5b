namespace Buildpacks.Lifecycle.Launch;

/// <summary>
/// The process the launcher decided to start (Platform API, "launcher": <c>&lt;cmd&gt;</c>, <c>&lt;args&gt;</c>,
/// <c>&lt;working-dir&gt;</c>, <c>&lt;direct&gt;</c>), before its environment is built.
/// </summary>
/// <param name="Type">The buildpack process type, or null for a user-provided command.</param>
/// <param name="Command">The command: an executable for a direct process, a script or token for the shell.</param>
/// <param name="Args">The arguments after the command.</param>
/// <param name="Direct">True to execute the command without a shell.</param>
/// <param name="WorkingDirectory">The directory the command starts in.</param>
public sealed record ResolvedProcess(string? Type, string Command, IReadOnlyList<string> Args, bool Direct, string WorkingDirectory);
