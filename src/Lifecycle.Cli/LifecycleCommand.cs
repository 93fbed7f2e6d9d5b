using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// The multi-call entry point (lifecycle cmd/lifecycle/main.go): the phase is the basename of argv[0]
/// (<c>detector</c>, <c>builder</c>), or else the first argument (<c>detect</c>/<c>detector</c>,
/// <c>build</c>/<c>builder</c>). <c>CNB_PLATFORM_API</c> is read before anything else; a failure prints its message
/// and exits with its code.
/// </summary>
internal static class LifecycleCommand
{
    private delegate Task<int> Phase(
        PlatformApi platformApi,
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string> environment,
        ConsoleOutput console,
        Func<bool> isRoot,
        CancellationToken cancellationToken);

    private static readonly Dictionary<string, Phase> Phases = new(StringComparer.Ordinal)
    {
        ["detector"] = DetectorCommand.RunAsync,
        ["detect"] = DetectorCommand.RunAsync,
        ["builder"] = BuilderCommand.RunAsync,
        ["build"] = BuilderCommand.RunAsync,
    };

    public static async Task<int> RunAsync(
        string argv0,
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string> environment,
        ConsoleOutput console,
        Func<bool> isRoot,
        CancellationToken cancellationToken)
    {
        var name = Path.GetFileNameWithoutExtension(argv0);
        if (!Phases.TryGetValue(name, out var phase) || name is "detect" or "build")
        {
            if (args.Count == 0 || !Phases.TryGetValue(args[0], out phase))
            {
                console.Write(LifecycleLogLevel.Error, "usage: lifecycle <detect|build> [flags], or invoke as detector or builder");
                return LifecycleExitCodes.InvalidArguments;
            }

            args = args.Skip(1).ToList();
        }

        try
        {
            var platformApi = PlatformApi.Resolve(environment.GetValueOrDefault("CNB_PLATFORM_API"));
            return await phase(platformApi, args, environment, console, isRoot, cancellationToken).ConfigureAwait(false);
        }
        catch (LifecycleException e)
        {
            console.Write(LifecycleLogLevel.Error, e.Message);
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            console.Write(LifecycleLogLevel.Error, "cancelled");
            return LifecycleExitCodes.Failed;
        }
    }
}
