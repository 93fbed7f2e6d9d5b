using Buildpacks.Images;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// The multi-call entry point (Platform API, "Lifecycle Interface"; lifecycle cmd/lifecycle/main.go): the phase is the
/// basename of argv[0] (<c>analyzer</c>, <c>detector</c>, <c>restorer</c>, <c>builder</c>, <c>exporter</c>,
/// <c>creator</c>, <c>rebaser</c>), or else the first argument (<c>lifecycle analyze</c> … <c>lifecycle rebase</c>, either
/// spelling). <c>-version</c> prints the version. <c>CNB_PLATFORM_API</c> is read before anything else; a failure prints
/// its message and exits with its code, an unexpected one with the phase's own code.
/// </summary>
internal static class LifecycleCommand
{
    private delegate Task<int> PhaseCommand(PlatformApi platformApi, IReadOnlyList<string> args, PhaseHost host, CancellationToken cancellationToken);

    private sealed record Phase(PhaseCommand Run, int FailureCode);

    private static readonly Phase Analyze = new(AnalyzerCommand.RunAsync, LifecycleExitCodes.AnalyzeError);
    private static readonly Phase Detect = new(DetectorCommand.RunAsync, LifecycleExitCodes.DetectError);
    private static readonly Phase Restore = new(RestorerCommand.RunAsync, LifecycleExitCodes.RestoreError);
    private static readonly Phase Build = new(BuilderCommand.RunAsync, LifecycleExitCodes.BuildError);
    private static readonly Phase Export = new(ExporterCommand.RunAsync, LifecycleExitCodes.ExportError);
    private static readonly Phase Create = new(CreatorCommand.RunAsync, LifecycleExitCodes.Failed);
    private static readonly Phase Rebase = new(RebaserCommand.RunAsync, LifecycleExitCodes.RebaseError);

    private static readonly Dictionary<string, Phase> Phases = new(StringComparer.Ordinal)
    {
        ["analyzer"] = Analyze, ["analyze"] = Analyze,
        ["detector"] = Detect, ["detect"] = Detect,
        ["restorer"] = Restore, ["restore"] = Restore,
        ["builder"] = Build, ["build"] = Build,
        ["exporter"] = Export, ["export"] = Export,
        ["creator"] = Create, ["create"] = Create,
        ["rebaser"] = Rebase, ["rebase"] = Rebase,
    };

    private static readonly HashSet<string> ExecutableNames = ["analyzer", "detector", "restorer", "builder", "exporter", "creator", "rebaser"];

    /// <summary>The version <c>-version</c> prints.</summary>
    public static string Version => typeof(LifecycleCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Runs in this process as it is (the executable's entry point).</summary>
    public static Task<int> RunAsync(
        string argv0,
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string> environment,
        ConsoleOutput console,
        Func<bool> isRoot,
        CancellationToken cancellationToken) =>
        RunAsync(argv0, args, new PhaseHost(environment, console, isRoot, Privileges.Process), cancellationToken);

    /// <summary>Runs with <paramref name="host"/>'s environment, console and user switch.</summary>
    public static async Task<int> RunAsync(string argv0, IReadOnlyList<string> args, PhaseHost host, CancellationToken cancellationToken)
    {
        var console = host.Console;
        if (args is ["-version" or "--version"] || (args is [_, "-version" or "--version"] && !ExecutableNames.Contains(Path.GetFileName(argv0))))
        {
            console.Write(LifecycleLogLevel.Info, Version);
            return 0;
        }

        var name = Path.GetFileNameWithoutExtension(argv0);
        if (!ExecutableNames.Contains(name) || !Phases.TryGetValue(name, out var phase))
        {
            if (args.Count == 0 || !Phases.TryGetValue(args[0], out phase))
            {
                console.Write(
                    LifecycleLogLevel.Error,
                    "usage: lifecycle <analyze|detect|restore|build|export|create|rebase> [flags], or invoke as analyzer, detector, restorer, builder, exporter, creator or rebaser");
                return LifecycleExitCodes.InvalidArguments;
            }

            args = args.Skip(1).ToList();
        }

        try
        {
            var platformApi = PlatformApi.Resolve(host.Environment.GetValueOrDefault("CNB_PLATFORM_API"));
            return await phase.Run(platformApi, args, host, cancellationToken).ConfigureAwait(false);
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
        catch (Exception e) when (e is ImageException or IOException or UnauthorizedAccessException or HttpRequestException)
        {
            console.Write(LifecycleLogLevel.Error, e.Message);
            return phase.FailureCode;
        }
    }
}
