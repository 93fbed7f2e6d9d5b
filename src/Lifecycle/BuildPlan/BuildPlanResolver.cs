using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Logging;

namespace Buildpacks.Lifecycle.BuildPlan;

/// <summary>A buildpack of a group whose <c>bin/detect</c> passed, with what it wrote to its plan.</summary>
/// <param name="Element">The buildpack as it appears in the flattened group (with its <c>optional</c> flag).</param>
/// <param name="Output">Its detect output.</param>
public sealed record PassedBuildpack(GroupElement Element, DetectOutput Output);

/// <summary>A group that resolved: the buildpacks that take part, and the plan between them.</summary>
/// <param name="Group">The participating buildpacks in group order.</param>
/// <param name="Plan">The resolved plan.</param>
public sealed record PlanResolution(IReadOnlyList<GroupElement> Group, ResolvedPlan Plan);

/// <summary>
/// Resolves the build plan of a group (Buildpack API, "Phase #1: Detection"; lifecycle phase/detector.go). Each
/// buildpack offers its options in order (top-level sections, then each <c>[[or]]</c>); trials are enumerated
/// depth-first, left to right, and the first one that resolves wins. Within a trial, buildpacks are walked in order
/// and a buildpack's provides are registered before its requires, so it can satisfy itself. A require with no earlier
/// provider, or a provide that nothing later requires, fails the trial for a required buildpack and removes an
/// optional one (then the trial is checked again). A buildpack is optional only in its last option.
/// </summary>
public static class BuildPlanResolver
{
    /// <summary>Resolves the plan of <paramref name="passed"/>, or returns null when no trial resolves.</summary>
    public static PlanResolution? Resolve(IReadOnlyList<PassedBuildpack> passed, ILifecycleLog log)
    {
        var attempt = 0;
        return TryFrom(passed, 0, [], ref attempt, log);
    }

    private static PlanResolution? TryFrom(
        IReadOnlyList<PassedBuildpack> passed, int index, List<TrialOption> prefix, ref int attempt, ILifecycleLog log)
    {
        if (index == passed.Count)
        {
            attempt++;
            return RunTrial(prefix, attempt, log);
        }

        var buildpack = passed[index];
        var options = buildpack.Output.Options.ToList();
        for (var i = 0; i < options.Count; i++)
        {
            // Only the last alternative may drop an optional buildpack: earlier ones must be tried with it required
            // (lifecycle: el.Optional && i == len(r.Or)).
            var optional = buildpack.Element.Optional && i == options.Count - 1;
            prefix.Add(new TrialOption(buildpack.Element, optional, options[i]));
            var resolved = TryFrom(passed, index + 1, prefix, ref attempt, log);
            prefix.RemoveAt(prefix.Count - 1);
            if (resolved is not null)
            {
                return resolved;
            }
        }

        return null;
    }

    private static PlanResolution? RunTrial(List<TrialOption> options, int attempt, ILifecycleLog log)
    {
        log.Debug($"Resolving plan... (try #{attempt})");
        var trial = new List<TrialOption>(options);
        while (true)
        {
            var dependencies = Dependencies.Of(trial);
            var unmet = dependencies.UnmetRequires().Select(u => (u.Name, u.Option, What: "requires"))
                .Concat(dependencies.UnusedProvides().Select(u => (u.Name, u.Option, What: "provides unused")))
                .ToList();
            if (unmet.Count == 0)
            {
                if (trial.Count == 0)
                {
                    log.Debug("fail: no viable buildpacks in group");
                    return null;
                }

                return new PlanResolution(
                    trial.Select(o => o.Element with { Optional = false }).ToList(),
                    new ResolvedPlan(dependencies.Entries()));
            }

            foreach (var (name, option, what) in unmet)
            {
                if (!option.Optional)
                {
                    log.Debug($"fail: {option.Element} {what} {name}");
                    return null;
                }

                log.Debug($"skip: {option.Element} {what} {name}");
                trial.Remove(option);
            }
        }
    }

    private sealed record TrialOption(GroupElement Element, bool Optional, PlanSections Sections);

    /// <summary>The dependency map of one trial, keyed by dependency name in first-seen order.</summary>
    private sealed class Dependencies
    {
        private readonly List<string> _names = [];
        private readonly Dictionary<string, Dependency> _byName = new(StringComparer.Ordinal);

        public static Dependencies Of(IEnumerable<TrialOption> trial)
        {
            var map = new Dependencies();
            foreach (var option in trial)
            {
                foreach (var provide in option.Sections.Provides)
                {
                    map.Get(provide.Name).PendingProviders.Add(option);
                }

                foreach (var require in option.Sections.Requires)
                {
                    // A require claims every provider registered so far; a require with none is unmet.
                    var dependency = map.Get(require.Name);
                    dependency.Providers.AddRange(dependency.PendingProviders);
                    dependency.PendingProviders.Clear();
                    if (dependency.Providers.Count == 0)
                    {
                        dependency.EarlyRequirers.Add(option);
                    }
                    else
                    {
                        dependency.Requires.Add(require);
                    }
                }
            }

            return map;
        }

        public IEnumerable<(string Name, TrialOption Option)> UnmetRequires() =>
            _names.SelectMany(n => _byName[n].EarlyRequirers.Select(o => (n, o)));

        public IEnumerable<(string Name, TrialOption Option)> UnusedProvides() =>
            _names.SelectMany(n => _byName[n].PendingProviders.Select(o => (n, o)));

        public IReadOnlyList<PlanEntry> Entries() =>
            _names.Select(n => _byName[n])
                .Where(d => d.Providers.Count > 0 || d.Requires.Count > 0)
                .Select(d => new PlanEntry(
                    d.Providers.Select(p => new GroupElement(p.Element.Id, p.Element.Version)).ToList(),
                    d.Requires.ToList()))
                .ToList();

        private Dependency Get(string name)
        {
            if (!_byName.TryGetValue(name, out var dependency))
            {
                dependency = new Dependency();
                _byName.Add(name, dependency);
                _names.Add(name);
            }

            return dependency;
        }
    }

    private sealed class Dependency
    {
        public List<TrialOption> Providers { get; } = [];

        public List<TrialOption> PendingProviders { get; } = [];

        public List<TrialOption> EarlyRequirers { get; } = [];

        public List<Require> Requires { get; } = [];
    }
}
