namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// What a phase command gets from the process it runs in: the environment, the console, whether it runs as root, and
/// the means to become the build user (real in the executable, recorded in tests that run the commands in-process).
/// </summary>
/// <param name="Environment">The process environment.</param>
/// <param name="Console">Where log lines go.</param>
/// <param name="IsRoot">Whether the effective user is root.</param>
/// <param name="Users">Changes file owners and the process's user and groups.</param>
internal sealed record PhaseHost(
    IReadOnlyDictionary<string, string> Environment,
    ConsoleOutput Console,
    Func<bool> IsRoot,
    IUserSwitch Users);
