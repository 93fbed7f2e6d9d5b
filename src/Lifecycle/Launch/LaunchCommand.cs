namespace Buildpacks.Lifecycle.Launch;

/// <summary>
/// Exactly what the launcher hands to <c>execve</c>: the executable, its argument vector, its environment and the
/// directory to start in. Everything before this is a pure decision; everything after is the process replacement.
/// </summary>
/// <param name="ExecutablePath">The file to execute (absolute, or relative to <paramref name="WorkingDirectory"/>).</param>
/// <param name="Argv">The argument vector, <c>argv[0]</c> included.</param>
/// <param name="Environment">The complete environment of the process.</param>
/// <param name="WorkingDirectory">The working directory of the process.</param>
public sealed record LaunchCommand(
    string ExecutablePath,
    IReadOnlyList<string> Argv,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory);
