using System.Collections.Concurrent;
using Buildpacks.Lifecycle.Logging;

namespace Buildpacks.Lifecycle.Tests.Support;

/// <summary>Keeps every message and buildpack output line, in arrival order.</summary>
public sealed class RecordingLog : ILifecycleLog
{
    private readonly ConcurrentQueue<(LifecycleLogLevel Level, string Message)> _messages = new();
    private readonly ConcurrentQueue<BuildpackOutputLine> _output = new();

    public IReadOnlyList<(LifecycleLogLevel Level, string Message)> Messages => _messages.ToList();

    public IReadOnlyList<BuildpackOutputLine> Output => _output.ToList();

    public void Write(LifecycleLogLevel level, string message) => _messages.Enqueue((level, message));

    public void BuildpackOutput(BuildpackOutputLine line) => _output.Enqueue(line);

    public IReadOnlyList<string> OutputOf(string buildpackId) =>
        _output.Where(l => l.BuildpackId == buildpackId).Select(l => l.Text).ToList();
}
