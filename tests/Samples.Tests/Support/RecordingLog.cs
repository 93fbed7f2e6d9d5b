using System.Collections.Concurrent;
using Buildpacks.Lifecycle.Logging;

namespace Buildpacks.Samples.Tests.Support;

/// <summary>Keeps the lifecycle's messages and every buildpack output line, in arrival order.</summary>
internal sealed class RecordingLog : ILifecycleLog
{
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly ConcurrentQueue<BuildpackOutputLine> _output = new();

    public IReadOnlyList<string> Messages => _messages.ToList();

    public void Write(LifecycleLogLevel level, string message) => _messages.Enqueue(message);

    public void BuildpackOutput(BuildpackOutputLine line) => _output.Enqueue(line);

    /// <summary>The lines (stdout and stderr) that <paramref name="buildpackId"/> printed.</summary>
    public IReadOnlyList<string> OutputOf(string buildpackId) => _output.Where(l => l.BuildpackId == buildpackId).Select(l => l.Text).ToList();

    /// <summary>Everything, for assertion messages.</summary>
    public string All => string.Join("\n", _messages.Concat(_output.Select(l => $"[{l.BuildpackId}] {l.Text}")));
}
