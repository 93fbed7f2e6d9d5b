using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution;

/// <summary>
/// The rules that pick the execution mode. Container and Local are taken as asked; Auto is Container when a Docker
/// daemon answers, else Local on Linux, else BP1018. Local with the daemon as destination needs a daemon that answers
/// (BP1006). The daemon is asked at most once: one that does not answer costs the probe's whole timeout. Local
/// execution checks its own preconditions (Linux, a trusted builder) when it runs, whoever chose it.
/// </summary>
public static class ExecutionSelection
{
    /// <summary>The mode for a build that asked for <paramref name="choice"/>, writing to <paramref name="destination"/>.</summary>
    /// <returns><see cref="ExecutionChoice.Container"/> or <see cref="ExecutionChoice.Local"/>.</returns>
    /// <exception cref="CodedException">BP1006 or BP1018 when no mode can build here.</exception>
    public static async Task<ExecutionChoice> ChooseAsync(
        ExecutionChoice choice, ImageDestinationKind destination, string? dockerHost, IExecutionHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        Task<bool>? probe = null;
        Task<bool> DaemonAnswersAsync() => probe ??= host.DaemonAnswersAsync(dockerHost, cancellationToken);

        switch (choice)
        {
            case ExecutionChoice.Container:
                return ExecutionChoice.Container;
            case ExecutionChoice.Local:
                break;
            default:
                if (await DaemonAnswersAsync().ConfigureAwait(false))
                {
                    return ExecutionChoice.Container;
                }

                if (!host.IsLinux)
                {
                    throw CodedException.Of(Messages.NoExecution, host.DaemonEndpoint(dockerHost), Environment.OSVersion.Platform);
                }

                break;
        }

        // Only on Linux: elsewhere Local execution refuses itself with its own error (BP8001), which says more.
        if (host.IsLinux && destination == ImageDestinationKind.Daemon && !await DaemonAnswersAsync().ConfigureAwait(false))
        {
            throw CodedException.Of(Messages.NoDestination, host.DaemonEndpoint(dockerHost));
        }

        return ExecutionChoice.Local;
    }
}
