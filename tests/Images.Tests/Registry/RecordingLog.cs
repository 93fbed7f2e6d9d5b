using System.Collections.Concurrent;

namespace Buildpacks.Images.Tests.Registry;

/// <summary>A log that keeps every line, to assert on what was (and was not) written.</summary>
internal sealed class RecordingLog : IImageLog
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToList();

    public string Text => string.Join('\n', _lines);

    public void Write(ImageLogLevel level, string message) => _lines.Enqueue($"{level}: {message}");
}
