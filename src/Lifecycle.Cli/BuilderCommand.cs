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
        var flags = new GoFlags()
            .String("app").String("buildpacks").String("build-config").String("group").String("layers")
            .String("plan").String("platform").String("analyzed");
        var inputs = PhaseInputs.Parse(flags, args, host.Environment, host.Console, host.IsRoot).ToLifecycleInputs(platformApi, host.Users);
        await new Builder(inputs, host.Console).RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
