using Buildpacks.Lifecycle.Api;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// The argv of one lifecycle phase, built flag by flag through <see cref="LifecycleFlags"/>: a flag the phase does not
/// define at the negotiated Platform API is a bug of the plan, refused here rather than by a real lifecycle's exit 2.
/// Flags come first and operands last, as Go's flag package stops at the first operand.
/// </summary>
internal sealed class PhaseArguments(string phase, ApiVersion platformApi)
{
    private readonly List<string> _arguments = [];

    /// <summary>Whether the phase defines <c>-<paramref name="flag"/></c> at this Platform API.</summary>
    public bool Defines(string flag) => LifecycleFlags.Defines(phase, flag, platformApi);

    /// <summary>Adds the boolean flag <c>-<paramref name="flag"/></c>.</summary>
    public PhaseArguments Add(string flag)
    {
        Require(flag);
        _arguments.Add("-" + flag);
        return this;
    }

    /// <summary>Adds <c>-<paramref name="flag"/> <paramref name="value"/></c>.</summary>
    public PhaseArguments Add(string flag, string value)
    {
        Require(flag);
        _arguments.Add("-" + flag);
        _arguments.Add(value);
        return this;
    }

    /// <summary>Adds <c>-<paramref name="flag"/> <paramref name="value"/></c> when the value is not null.</summary>
    public PhaseArguments AddIf(string flag, string? value) => value is null ? this : Add(flag, value);

    /// <summary>Adds <c>-<paramref name="flag"/></c> once per value (repeatable flags: <c>-tag</c>, <c>-insecure-registry</c>).</summary>
    public PhaseArguments AddEach(string flag, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            Add(flag, value);
        }

        return this;
    }

    /// <summary>The arguments: the flags, then <paramref name="operands"/>.</summary>
    public IReadOnlyList<string> With(params IEnumerable<string> operands) => [.. _arguments, .. operands];

    private void Require(string flag)
    {
        if (!Defines(flag))
        {
            throw new InvalidOperationException($"The {phase} does not define -{flag} at Platform API {platformApi}; the reference lifecycle would exit 2.");
        }
    }
}
