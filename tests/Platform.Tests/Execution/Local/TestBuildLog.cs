using System.Collections.Concurrent;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;

namespace Buildpacks.Platform.Tests.Execution.Local;

/// <summary>Every line a build logged, in order, for assertions and for the failure message of a test.</summary>
internal sealed class TestBuildLog : IBuildLog
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>The lines buildpack <paramref name="id"/> printed.</summary>
    public IReadOnlyList<string> OutputOf(string id) =>
        [.. _lines.Where(l => l.StartsWith($"[{id}] ", StringComparison.Ordinal)).Select(l => l[(id.Length + 3)..])];

    public void Write(LifecycleLogLevel level, string message) => _lines.Enqueue($"{level}: {message}");

    /// <summary>Called with each buildpack line as it is printed (e.g. to cancel a build at a known point).</summary>
    public Action<BuildpackOutputLine>? OnBuildpackLine { get; init; }

    public void BuildpackOutput(BuildpackOutputLine line)
    {
        _lines.Enqueue($"[{line.BuildpackId}] {line.Text}");
        OnBuildpackLine?.Invoke(line);
    }

    /// <summary>Called with each phase line (phase, line) as it is printed (e.g. to cancel a build at a known point).</summary>
    public Action<string, string>? OnPhaseLine { get; init; }

    /// <summary>The lines lifecycle phase <paramref name="phase"/> printed (buildpacks' own lines among them).</summary>
    public IReadOnlyList<string> PhaseOutputOf(string phase) => OutputOf(phase);

    public void PhaseOutput(string phase, string line)
    {
        _lines.Enqueue($"[{phase}] {line}");
        OnPhaseLine?.Invoke(phase, line);
    }

    public void Progress(string message) => _lines.Enqueue($"progress: {message}");

    public void Warning(CodedMessage message) => _lines.Enqueue($"warning: {message}");

    public override string ToString() => string.Join('\n', _lines);
}
