using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;
using Xunit.Abstractions;

namespace Buildpacks.Platform.Docker.Tests.Support;

/// <summary>Keeps every line a build logs (and echoes it to the test output), for assertions.</summary>
public sealed partial class RecordingBuildLog(ITestOutputHelper? output = null) : IBuildLog
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Phase output lines as (phase, line), in order.</summary>
    public ConcurrentQueue<(string Phase, string Line)> PhaseLines { get; } = new();

    /// <summary>Every line, formatted.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Raised for every phase line (the cancellation test waits for the first).</summary>
    public event Action<string, string>? PhaseLine;

    /// <summary>The phases that ran, in order of their first line.</summary>
    public IReadOnlyList<string> Phases => PhaseLines.Select(p => p.Phase).Distinct().ToList();

    /// <summary>The id of the build (from its debug line).</summary>
    public string BuildId => _lines.Select(l => BuildIdPattern().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value
        ?? throw new InvalidOperationException("The build logged no build id.");

    /// <inheritdoc />
    public void PhaseOutput(string phase, string line)
    {
        PhaseLines.Enqueue((phase, line));
        Add($"[{phase}] {line}");
        PhaseLine?.Invoke(phase, line);
    }

    /// <inheritdoc />
    public void Progress(string message) => Add(message);

    /// <inheritdoc />
    public void Warning(CodedMessage message) => Add("warning " + message);

    /// <inheritdoc />
    public void Write(LifecycleLogLevel level, string message) => Add($"{level}: {message}");

    /// <inheritdoc />
    public void BuildpackOutput(BuildpackOutputLine line) => Add(line.ToString() ?? string.Empty);

    private void Add(string line)
    {
        _lines.Enqueue(line);
        try
        {
            output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has finished; a late line has nowhere to go.
        }
    }

    [GeneratedRegex(@"Build ([0-9a-f]{16}):")]
    private static partial Regex BuildIdPattern();
}
