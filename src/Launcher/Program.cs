using System.Collections;
using Buildpacks.Launcher;
using Buildpacks.Lifecycle;
using Buildpacks.Lifecycle.Launch;

// /cnb/process/<type> [args...]  or  /cnb/lifecycle/launcher [--] <cmd> [args...] (Platform API, "launcher").
// On success this process becomes the app process and never returns here.
var log = new StandardErrorLog();
try
{
    var environment = new Dictionary<string, string>(StringComparer.Ordinal);
    foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
    {
        environment[(string)entry.Key] = (string?)entry.Value ?? "";
    }

    var inputs = LauncherInputs.FromEnvironment(environment);
    var command = Launcher.Load(inputs, log).Prepare(Environment.GetCommandLineArgs()[0], args, environment);
    ProcessReplacement.Exec(command);
    return LauncherExitCodes.LaunchFailed;
}
catch (LifecycleException e)
{
    log.Write(Buildpacks.Lifecycle.Logging.LifecycleLogLevel.Error, $"launch: {e.Message}");
    return e.ExitCode;
}
