using Buildpacks.Lifecycle.Env;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Buildpacks;

/// <summary>What every buildpack executable of a phase is run with.</summary>
/// <param name="AppDir">The application directory: the working directory of every executable.</param>
/// <param name="PlatformDir">The platform directory (first/second positional argument, <c>CNB_PLATFORM_DIR</c>).</param>
/// <param name="BuildConfigDir">The operator's build-config directory, if any.</param>
/// <param name="Target">The run image target, completed (see <see cref="RunImageTarget.Completed"/>).</param>
/// <param name="ExecEnv">The execution environment (<c>CNB_EXEC_ENV</c>).</param>
/// <param name="HostEnvironment">The lifecycle's own environment, which <see cref="BuildEnvironment"/> filters.</param>
/// <param name="Log">Where messages and buildpack output go.</param>
public sealed record BuildpackRunContext(
    string AppDir,
    string PlatformDir,
    string? BuildConfigDir,
    RunImageTarget Target,
    string ExecEnv,
    IReadOnlyDictionary<string, string> HostEnvironment,
    ILifecycleLog Log)
{
    /// <summary>
    /// The environment of one buildpack executable (Buildpack API, "Environment"): the filtered build env with the
    /// platform env (unless <c>clear-env</c>) and build-config env applied, then the <c>CNB_*</c> variables the
    /// buildpack's API calls for. <paramref name="variables"/> are the executable's own (plan path, layers dir).
    /// </summary>
    public IReadOnlyDictionary<string, string> EnvironmentFor(
        BuildpackDescriptor buildpack, BuildEnvironment buildEnvironment, IEnumerable<KeyValuePair<string, string>> variables)
    {
        var env = buildEnvironment.WithOverrides(buildpack.ClearEnv ? null : PlatformDir, BuildConfigDir);
        env["CNB_BUILDPACK_DIR"] = buildpack.RootDir;
        if (buildpack.Api.ReceivesPathEnvironment)
        {
            env["CNB_PLATFORM_DIR"] = PlatformDir;
            foreach (var (name, value) in variables)
            {
                env[name] = value;
            }
        }

        if (buildpack.Api.ReceivesTargetEnvironment)
        {
            foreach (var (name, value) in Target.EnvironmentVariables())
            {
                env[name] = value;
            }
        }

        if (buildpack.Api.SupportsExecutionEnvironment)
        {
            env["CNB_EXEC_ENV"] = ExecEnv;
        }

        return env;
    }
}
