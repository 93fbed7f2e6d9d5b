using System.Collections.Concurrent;
using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.BuildPlan;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Phases;

/// <summary>
/// The detect phase (Platform API, "detector"; Buildpack API, "Phase #1: Detection"): finds the first group of the
/// order whose buildpacks pass detection and whose build plan resolves, and writes group.toml and plan.toml.
/// Composite buildpacks are flattened depth-first into the group they appear in; a buildpack id already in the
/// flattened group is skipped; an optional composite with no passing group is left out. Each buildpack's
/// <c>bin/detect</c> runs at most once per detection, and the buildpacks of a group run concurrently (their results
/// do not depend on each other). Reads <see cref="LifecycleInputs.AppDir"/>, <c>BuildpacksDir</c>, <c>PlatformDir</c>,
/// <c>BuildConfigDir</c>, <c>OrderPath</c>, <c>SystemPath</c>, <c>AnalyzedPath</c>, <c>GroupPath</c>, <c>PlanPath</c>,
/// <c>ExecEnv</c> and <c>HostEnvironment</c>.
/// </summary>
public sealed class Detector
{
    private readonly LifecycleInputs _inputs;
    private readonly ILifecycleLog _log;

    /// <summary>Creates a detector.</summary>
    public Detector(LifecycleInputs inputs, ILifecycleLog log)
    {
        _inputs = inputs;
        _log = log;
    }

    /// <summary>
    /// Reads the order (with system buildpacks for Platform API 0.15) and the run image target, detects, and writes
    /// group.toml and plan.toml.
    /// </summary>
    /// <exception cref="LifecycleException">
    /// Exit code 20 when no group passed, 21 when none passed and a buildpack errored, 22 for other detect errors,
    /// 12 for an unsupported Buildpack API, 1 when the platform's input files cannot be read.
    /// </exception>
    public async Task<DetectResult> RunAsync(CancellationToken cancellationToken)
    {
        var order = PlatformInput.Read(_inputs.OrderPath, OrderToml.Read);
        if (_inputs.PlatformApi.SupportsSystemBuildpacks && _inputs.SystemPath is { } systemPath)
        {
            order = PlatformInput.Read(systemPath, SystemBuildpacks.Read).ApplyTo(order);
        }

        var result = await DetectAsync(order, cancellationToken).ConfigureAwait(false);
        GroupToml.Write(_inputs.GroupPath, result.Group);
        PlanToml.Write(_inputs.PlanPath, result.Plan);
        return result;
    }

    /// <summary>Detects against <paramref name="order"/> without writing files.</summary>
    /// <exception cref="LifecycleException">As <see cref="RunAsync"/>.</exception>
    public async Task<DetectResult> DetectAsync(Order order, CancellationToken cancellationToken)
    {
        var target = PlatformInput.Read(_inputs.AnalyzedPath, AnalyzedToml.ReadRunImageTarget);
        var context = new BuildpackRunContext(
            _inputs.AppDir,
            _inputs.PlatformDir,
            _inputs.BuildConfigDir,
            target.Completed(),
            _inputs.ExecEnv,
            _inputs.HostEnvironment,
            _log);
        var session = new Session(this, new BuildpackStore(_inputs.BuildpacksDir), context, cancellationToken);
        var attempt = await session.DetectOrderAsync(order, [], [], optional: false).ConfigureAwait(false);
        if (attempt.Resolution is { } resolution)
        {
            return new DetectResult(resolution.Group, resolution.Plan);
        }

        var errors = session.Errors();
        var message = "No buildpack groups passed detection.";
        if (attempt.BuildpackErrored)
        {
            _log.Error(message);
            throw new LifecycleException(
                LifecycleExitCodes.FailedDetectWithErrors,
                errors.Count == 0 ? message : $"{message} Buildpacks that errored:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        }

        _log.Error(message);
        _log.Error("Please check that you are running against the correct path.");
        throw new LifecycleException(LifecycleExitCodes.FailedDetect, message);
    }


    /// <summary>The outcome of trying one (flattened) group.</summary>
    private sealed record GroupAttempt(PlanResolution? Resolution, bool BuildpackErrored)
    {
        public static GroupAttempt Failed { get; } = new(null, false);

        public static GroupAttempt Errored { get; } = new(null, true);
    }

    /// <summary>A buildpack of the flattened group that was looked up and will be (or was) detected.</summary>
    private sealed record DoneElement(GroupElement Element, Task<DetectOutcome> Outcome);

    /// <summary>One detection: the buildpack store, and every detect run by <c>id@version</c> so each runs once.</summary>
    private sealed class Session(Detector detector, BuildpackStore store, BuildpackRunContext context, CancellationToken cancellationToken)
    {
        private readonly ConcurrentDictionary<string, Lazy<Task<DetectOutcome>>> _runs = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, string> _errors = new(StringComparer.Ordinal);

        private LifecycleInputs Inputs => detector._inputs;

        private ILifecycleLog Log => detector._log;

        public IReadOnlyList<string> Errors() => _errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"  {e.Key}: {e.Value}").ToList();

        /// <summary>Tries each group of <paramref name="order"/> followed by <paramref name="next"/> (lifecycle detectOrder).</summary>
        public async Task<GroupAttempt> DetectOrderAsync(Order order, IReadOnlyList<DoneElement> done, IReadOnlyList<GroupElement> next, bool optional)
        {
            var errored = false;
            foreach (var group in order.Groups)
            {
                var attempt = await DetectGroupAsync([.. group.Elements, .. next], done).ConfigureAwait(false);
                if (attempt.Resolution is not null)
                {
                    return attempt;
                }

                errored |= attempt.BuildpackErrored;
            }

            // An optional composite none of whose groups passed is left out: the rest of the group goes on without it.
            if (optional)
            {
                return await DetectGroupAsync(next, done).ConfigureAwait(false);
            }

            return errored ? GroupAttempt.Errored : GroupAttempt.Failed;
        }

        private async Task<GroupAttempt> DetectGroupAsync(IReadOnlyList<GroupElement> group, IReadOnlyList<DoneElement> doneSoFar)
        {
            var done = new List<DoneElement>(doneSoFar);
            for (var i = 0; i < group.Count; i++)
            {
                var element = group[i];
                if (done.Any(d => d.Element.Id == element.Id))
                {
                    continue;
                }

                var buildpack = Lookup(element);
                if (buildpack.IsComposite)
                {
                    return await DetectOrderAsync(buildpack.Order, done, group.Skip(i + 1).ToList(), element.Optional).ConfigureAwait(false);
                }

                var resolved = element with { Api = buildpack.Api.ToString(), Homepage = buildpack.Homepage };
                if (!context.Target.Satisfies(buildpack.Targets) && !element.Optional)
                {
                    // Platform API 0.12+: a required buildpack that cannot build for the run image is a detect error.
                    // (Like the reference lifecycle, an optional one is still detected.)
                    var reason = $"unable to satisfy target os/arch constraints; run image: {context.Target}, buildpack: {string.Join("; ", buildpack.Targets)}";
                    _errors[element.ToString()] = reason;
                    done.Add(new DoneElement(resolved, Task.FromResult(new DetectOutcome(DetectOutcome.LifecycleError, null, reason))));
                    continue;
                }

                if (!AppliesToExecEnv(buildpack))
                {
                    Log.Debug($"Skipping {element} due to execution environment mismatch; current: {context.ExecEnv}, buildpack supports: {string.Join(", ", buildpack.ExecEnv)}");
                    continue;
                }

                done.Add(new DoneElement(resolved, Detect(buildpack)));
            }

            return await ResolveAsync(done).ConfigureAwait(false);
        }

        private BuildpackDescriptor Lookup(GroupElement element)
        {
            try
            {
                return store.Lookup(element.Id, element.Version);
            }
            catch (BuildpackLookupException e)
            {
                throw new LifecycleException(LifecycleExitCodes.DetectError, e.Message, e);
            }
        }

        /// <summary>Platform API 0.15: a buildpack (API 0.12+) whose exec-env excludes the current one is skipped.</summary>
        private bool AppliesToExecEnv(BuildpackDescriptor buildpack) =>
            !Inputs.PlatformApi.SupportsExecutionEnvironment
            || !buildpack.Api.SupportsExecutionEnvironment
            || buildpack.ExecEnv.Count == 0
            || buildpack.ExecEnv.Contains("*")
            || buildpack.ExecEnv.Contains(context.ExecEnv);

        private Task<DetectOutcome> Detect(BuildpackDescriptor buildpack) =>
            _runs.GetOrAdd(
                buildpack.ToString(),
                _ => new Lazy<Task<DetectOutcome>>(() => BuildpackDetect.RunAsync(buildpack, context, cancellationToken))).Value;

        /// <summary>Judges a group from its detect outcomes, then resolves its plan (lifecycle DefaultDetectResolver).</summary>
        private async Task<GroupAttempt> ResolveAsync(IReadOnlyList<DoneElement> done)
        {
            await Task.WhenAll(done.Select(d => d.Outcome)).ConfigureAwait(false);
            var passed = new List<PassedBuildpack>();
            var detected = true;
            var errored = false;
            foreach (var (element, outcomeTask) in done)
            {
                var outcome = await outcomeTask.ConfigureAwait(false);
                if (outcome.Passed)
                {
                    Log.Debug($"pass: {element}");
                    passed.Add(new PassedBuildpack(element, outcome.Output ?? DetectOutput.Empty));
                    continue;
                }

                if (outcome.Errored)
                {
                    errored = true;
                    var error = outcome.Error ?? $"bin/detect exited with code {outcome.Code}";
                    _errors[element.ToString()] = error;
                    Log.Info(outcome.Code == DetectOutcome.LifecycleError ? $"err:  {element}" : $"err:  {element} ({outcome.Code})");
                    Log.Info(error);
                }
                else
                {
                    Log.Debug(element.Optional ? $"skip: {element}" : $"fail: {element}");
                }

                detected &= element.Optional;
            }

            if (!detected)
            {
                return errored ? GroupAttempt.Errored : GroupAttempt.Failed;
            }

            if (passed.Count == 0)
            {
                Log.Debug("fail: no viable buildpacks in group");
                return GroupAttempt.Failed;
            }

            var resolution = BuildPlanResolver.Resolve(passed, Log);
            if (resolution is null)
            {
                return GroupAttempt.Failed;
            }

            if (resolution.Group.Count != done.Count)
            {
                Log.Info($"{resolution.Group.Count} of {done.Count} buildpacks participating");
            }

            var width = resolution.Group.Max(e => e.Id.Length);
            foreach (var element in resolution.Group)
            {
                Log.Info($"{element.Id.PadRight(width)} {element.Version}");
            }

            return new GroupAttempt(resolution, false);
        }
    }
}
