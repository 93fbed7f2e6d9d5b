using Buildpacks.Lifecycle.Phases;
using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// <c>/cnb/lifecycle/builder</c> (Platform API, "builder"): flags <c>-app -buildpacks -build-config -group -layers
/// -log-level -plan -platform -analyzed</c>.
/// </summary>
internal static class BuilderCommand
{
    public static async Task<int> RunAsync(PlatformApi platformApi, IReadOnlyList<string> args, PhaseHost host, CancellationToken cancellationToken)
    {
        var (environment, console) = (host.Environment, host.Console);
        var flags = new GoFlags()
            .String("app").String("buildpacks").String("build-config").String("group").String("layers")
            .String("plan").String("platform").String("analyzed");
        var inputs = PhaseInputs.Parse(flags, args, environment, console, host.IsRoot);
        var options = new BuilderOptions
        {
            PlatformApi = platformApi,
            AppDir = inputs.AppDir,
            LayersDir = inputs.LayersDir,
            BuildpacksDir = inputs.BuildpacksDir,
            PlatformDir = inputs.PlatformDir,
            BuildConfigDir = inputs.BuildConfigDir,
            GroupPath = inputs.GroupPath,
            PlanPath = inputs.PlanPath,
            AnalyzedPath = inputs.AnalyzedPath,
            ExecEnv = inputs.ExecEnv,
            HostEnvironment = environment,
        };
        await new Builder(options, console).RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
