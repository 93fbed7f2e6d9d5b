using Buildpacks.Platform.Execution.Local;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution.Container;
using Buildpacks.Platform.Execution;

namespace Buildpacks.MSBuild.Tasks;

/// <summary>An execution mode chosen for a build, with its name for the log.</summary>
internal sealed record ChosenExecution(string Name, IBuildExecution Execution);

/// <summary>
/// Picks the execution mode: Container and Local as asked; Auto is Container when a Docker daemon answers, else Local on
/// Linux, else BP1018. A Local build whose image goes to the daemon needs one that answers (BP1006), and a trusted
/// builder (BP1019), because its buildpacks run on this machine.
/// </summary>
internal static class ExecutionSelection
{
    public static async Task<ChosenExecution> ChooseAsync(ExecutionChoice choice, BuildRequest build, CancellationToken cancellationToken)
    {
        var endpoint = BuildpackDockerHost.Describe(build.DockerHost);

        // Asked at most once: a daemon that does not answer costs the probe's whole timeout, and Auto may ask twice.
        Task<bool>? probe = null;
        switch (choice)
        {
            case ExecutionChoice.Container:
                return Container();
            case ExecutionChoice.Local:
                await RequireDaemonForDaemonDestinationAsync().ConfigureAwait(false);
                return Local();
            default:
                if (await DaemonAnswersAsync().ConfigureAwait(false))
                {
                    return Container();
                }

                if (!OperatingSystem.IsLinux())
                {
                    throw CodedException.Of(Messages.NoExecution, endpoint, Environment.OSVersion.Platform);
                }

                await RequireDaemonForDaemonDestinationAsync().ConfigureAwait(false);
                return Local();
        }

        Task<bool> DaemonAnswersAsync() => probe ??= AnswersAsync();

        async Task<bool> AnswersAsync() => (await BuildpackDockerHost.ProbeAsync(build.DockerHost, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false)).HasAnswered;

        async Task RequireDaemonForDaemonDestinationAsync()
        {
            if (build.Destination.Kind == ImageDestinationKind.Daemon && !await DaemonAnswersAsync().ConfigureAwait(false))
            {
                throw CodedException.Of(Messages.NoDestination, endpoint);
            }
        }

        ChosenExecution Local() =>
            !OperatingSystem.IsLinux() ? throw CodedException.Of(Messages.LocalNeedsLinux, Environment.OSVersion.Platform)
            : !BuilderTrust.IsTrusted(build) ? throw CodedException.Of(Messages.LocalNeedsTrustedBuilder, build.Builder)
            : new ChosenExecution("Local", new LocalExecution());

        ChosenExecution Container() => new("Container", new ContainerExecution());
    }
}
