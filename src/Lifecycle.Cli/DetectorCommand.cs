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
        var flags = new GoFlags()
            .String("app").String("buildpacks").String("build-config").String("group").String("layers")
            .String("order").String("plan").String("platform").String("analyzed");
        if (platformApi.SupportsSystemBuildpacks)
        {
            flags.String("system");
        }

        var inputs = PhaseInputs.Parse(flags, args, host.Environment, host.Console, host.IsRoot).ToLifecycleInputs(platformApi, host.Users);
        await new Detector(inputs, host.Console).RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
