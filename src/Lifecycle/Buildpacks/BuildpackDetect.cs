using Buildpacks.Lifecycle.BuildPlan;
using Buildpacks.Lifecycle.Env;
using Buildpacks.Lifecycle.Execution;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Toml;

namespace Buildpacks.Lifecycle.Buildpacks;

/// <summary>The result of one buildpack's detection.</summary>
/// <param name="Code">0 pass, 100 fail, any other value an error; -1 when the lifecycle itself could not run it or read its plan.</param>
/// <param name="Output">The plan the buildpack wrote, when it passed.</param>
/// <param name="Error">Why the detection errored, when the lifecycle knows.</param>
public sealed record DetectOutcome(int Code, DetectOutput? Output, string? Error)
{
    /// <summary>The buildpack passed.</summary>
    public const int Pass = 0;

    /// <summary>The buildpack does not apply.</summary>
    public const int Fail = 100;

    /// <summary>The lifecycle could not run the buildpack or read its output.</summary>
    public const int LifecycleError = -1;

    /// <summary>True when the buildpack passed.</summary>
    public bool Passed => Code == Pass;

    /// <summary>True for an error: any code other than pass and fail.</summary>
    public bool Errored => Code is not (Pass or Fail);
}

/// <summary>
/// Runs a buildpack's <c>bin/detect</c> (Buildpack API, "Phase #1: Detection"): working directory the app dir,
/// positional arguments <c>&lt;platform&gt; &lt;plan&gt;</c> (the reference lifecycle passes them for every API, and the
/// samples read them), a fresh empty plan file, and the buildpack's filtered environment.
/// </summary>
public static class BuildpackDetect
{
    /// <summary>Runs detection of <paramref name="buildpack"/>.</summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static async Task<DetectOutcome> RunAsync(
        BuildpackDescriptor buildpack, BuildpackRunContext context, CancellationToken cancellationToken)
    {
        var planDir = Directory.CreateTempSubdirectory("cnb-plan-").FullName;
        try
        {
            var planPath = Path.Combine(planDir, "plan.toml");
            await File.WriteAllBytesAsync(planPath, [], cancellationToken).ConfigureAwait(false);
            var env = context.EnvironmentFor(
                buildpack,
                BuildEnvironment.FromVariables(context.HostEnvironment),
                [new("CNB_BUILD_PLAN_PATH", planPath)]);

            int code;
            try
            {
                code = await BuildpackProcess.RunAsync(
                    buildpack,
                    BuildpackExecutable.Detect,
                    Path.Combine(buildpack.RootDir, "bin", "detect"),
                    [context.PlatformDir, planPath],
                    env,
                    context.AppDir,
                    context.Log,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (BuildpackExecutableException e)
            {
                return new DetectOutcome(DetectOutcome.LifecycleError, null, e.Message);
            }

            if (code != DetectOutcome.Pass)
            {
                return new DetectOutcome(code, null, code == DetectOutcome.Fail ? null : $"bin/detect exited with code {code}");
            }

            try
            {
                return new DetectOutcome(code, DetectPlanToml.Read(planPath), null);
            }
            catch (TomlFileException e)
            {
                return new DetectOutcome(DetectOutcome.LifecycleError, null, $"buildpack {buildpack} wrote an invalid build plan: {e.Fault}" + (e.Line is { } l ? $" (line {l})" : ""));
            }
        }
        finally
        {
            Directory.Delete(planDir, recursive: true);
        }
    }
}
