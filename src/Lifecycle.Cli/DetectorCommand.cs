using Buildpacks.Lifecycle.Phases;
using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// <c>/cnb/lifecycle/detector</c> (Platform API, "detector"): flags <c>-app -buildpacks -build-config -group -layers
/// -log-level -order -plan -platform -analyzed</c> and, for Platform API 0.15, <c>-system</c>.
/// </summary>
internal static class DetectorCommand
{
    public static async Task<int> RunAsync(PlatformApi platformApi, IReadOnlyList<string> args, PhaseHost host, CancellationToken cancellationToken)
    {
        var (environment, console) = (host.Environment, host.Console);
        var flags = new GoFlags()
            .String("app").String("buildpacks").String("build-config").String("group").String("layers")
            .String("order").String("plan").String("platform").String("analyzed");
        if (platformApi.SupportsSystemBuildpacks)
        {
            flags.String("system");
        }

        var inputs = PhaseInputs.Parse(flags, args, environment, console, host.IsRoot);
        var options = new DetectorOptions
        {
            PlatformApi = platformApi,
            AppDir = inputs.AppDir,
            BuildpacksDir = inputs.BuildpacksDir,
            PlatformDir = inputs.PlatformDir,
            BuildConfigDir = inputs.BuildConfigDir,
            OrderPath = inputs.Get("order", "CNB_ORDER_PATH", PlatformDefaults.ResolveOrderPath(inputs.LayersDir)),
            GroupPath = inputs.GroupPath,
            PlanPath = inputs.PlanPath,
            AnalyzedPath = inputs.AnalyzedPath,
            SystemPath = platformApi.SupportsSystemBuildpacks ? inputs.Get("system", "CNB_SYSTEM_PATH", PlatformDefaults.SystemPath) : null,
            ExecEnv = inputs.ExecEnv,
            HostEnvironment = environment,
        };
        await new Detector(options, console).RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
