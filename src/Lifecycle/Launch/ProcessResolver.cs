using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Logging;

namespace Buildpacks.Lifecycle.Launch;

/// <summary>
/// Decides which process to start from the launcher's <c>argv</c> (Platform API, "launcher"; lifecycle
/// launch/process.go): a buildpack process when the final path element of <c>argv[0]</c> is one of its types
/// (<c>/cnb/process/&lt;type&gt;</c> is a symlink to the launcher), otherwise the user's command, direct after
/// <c>--</c> and through the shell without it.
/// </summary>
public sealed class ProcessResolver
{
    private readonly BuildMetadata _metadata;
    private readonly LauncherInputs _inputs;
    private readonly ILifecycleLog _log;

    /// <summary>Creates a resolver over the processes and buildpacks of <paramref name="metadata"/>.</summary>
    public ProcessResolver(BuildMetadata metadata, LauncherInputs inputs, ILifecycleLog log)
    {
        _metadata = metadata;
        _inputs = inputs;
        _log = log;
    }

    /// <summary>Resolves the process for <paramref name="argv0"/> and the user's <paramref name="args"/>.</summary>
    /// <param name="argv0">The launcher's <c>argv[0]</c>.</param>
    /// <param name="args">The launcher's arguments after <c>argv[0]</c>.</param>
    /// <param name="processTypeVariable">The value of <c>CNB_PROCESS_TYPE</c>, which is only warned about.</param>
    /// <exception cref="LifecycleException">No process can be resolved (exit code 82).</exception>
    public ResolvedProcess Resolve(string argv0, IReadOnlyList<string> args, string? processTypeVariable = null)
    {
        if (!string.IsNullOrEmpty(processTypeVariable))
        {
            // Platform API 0.4 replaced CNB_PROCESS_TYPE with the /cnb/process/<type> entrypoints; the reference
            // lifecycle warns and ignores it, and so do we.
            _log.Warn($"CNB_PROCESS_TYPE is not supported in Platform API {_inputs.PlatformApi}");
            _log.Warn($"Run with ENTRYPOINT '{processTypeVariable}' to invoke the '{processTypeVariable}' process type");
        }

        // On Linux the process type is the whole final path element (the reference lifecycle trims ".exe" on Windows only).
        var type = Path.GetFileName(argv0);
        return _metadata.Processes.Any(p => p.Type == type)
            ? BuildpackProcess(type, args)
            : UserProcess(args);
    }

    private ResolvedProcess BuildpackProcess(string type, IReadOnlyList<string> userArgs)
    {
        var process = _metadata.Processes.FirstOrDefault(p => p.Type == type && IsEligible(p))
            ?? throw new LifecycleException(
                LauncherExitCodes.LaunchFailed,
                $"process type '{type}' is not eligible for the execution environment '{_inputs.ExecEnv}' (CNB_EXEC_ENV)");
        if (process.Command.Count == 0)
        {
            throw new LifecycleException(LauncherExitCodes.LaunchFailed, $"process type '{type}' has no command");
        }

        var api = BuildpackApiOf(process);
        var replacesArgs = api?.UserArgsReplaceProcessArgs ?? false;
        var workingDirectory = string.IsNullOrEmpty(process.WorkingDirectory) ? _inputs.AppDir : process.WorkingDirectory;
        var direct = process.Direct || replacesArgs;

        // Platform API 0.10+ (all we support): every command element after the first is always passed; the user's
        // arguments then stand in for the buildpack's overridable args.
        if (process.Command.Count > 1)
        {
            IReadOnlyList<string> overridable = userArgs.Count > 0 ? userArgs : process.Args;
            return new ResolvedProcess(type, process.Command[0], [.. process.Command.Skip(1), .. overridable], direct, workingDirectory);
        }

        if (userArgs.Count == 0)
        {
            return new ResolvedProcess(type, process.Command[0], process.Args, direct, workingDirectory);
        }

        if (api is null)
        {
            throw new LifecycleException(
                LauncherExitCodes.LaunchFailed,
                $"process type '{type}' was contributed by buildpack '{process.BuildpackId}', which is not in metadata.toml");
        }

        // Buildpack API 0.9+: user arguments replace the default args; older buildpacks get them appended.
        IReadOnlyList<string> args = replacesArgs ? userArgs : [.. process.Args, .. userArgs];
        return new ResolvedProcess(type, process.Command[0], args, direct, workingDirectory);
    }

    private ResolvedProcess UserProcess(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new LifecycleException(LauncherExitCodes.LaunchFailed, "when there is no default process a command is required");
        }

        if (args[0] == "--")
        {
            return args.Count > 1
                ? new ResolvedProcess(null, args[1], args.Skip(2).ToList(), Direct: true, _inputs.AppDir)
                : throw new LifecycleException(LauncherExitCodes.LaunchFailed, "a command is required after '--'");
        }

        return new ResolvedProcess(null, args[0], args.Skip(1).ToList(), Direct: false, _inputs.AppDir);
    }

    /// <summary>
    /// Platform API 0.15 (RFC 0134): a process is eligible when it names no execution environment, names the current
    /// one, or names <c>*</c>. Older platforms do not filter.
    /// </summary>
    private bool IsEligible(LaunchProcess process) =>
        !_inputs.PlatformApi.SupportsExecutionEnvironment
        || process.ExecEnv.Count == 0
        || process.ExecEnv.Contains("*")
        || process.ExecEnv.Contains(_inputs.ExecEnv);

    private BuildpackApi? BuildpackApiOf(LaunchProcess process)
    {
        var buildpack = _metadata.Buildpacks.FirstOrDefault(b => b.Id == process.BuildpackId);
        return buildpack is null ? null : BuildpackApi.Resolve(buildpack.Api, $"buildpack {buildpack}");
    }
}
