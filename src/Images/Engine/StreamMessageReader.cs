using System.Text;
using System.Text.Json;

namespace Buildpacks.Images.Engine;

/// <summary>
/// Reads a streamed answer of the daemon (<c>POST /images/load</c>, <c>POST /images/create</c>): JSON messages, one
/// per line as Docker writes them, or several on one line as Podman may; any of them may be the daemon's refusal.
/// Messages are handed on as they arrive, so a pull's progress is reported while it runs.
/// </summary>
internal static class StreamMessageReader
{
    /// <summary>Calls <paramref name="onMessage"/> with each message of <paramref name="answer"/>, in order.</summary>
    public static async Task ReadAsync(Stream answer, Action<StreamMessageWire> onMessage, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(answer, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            foreach (var message in Parse(line))
            {
                onMessage(message);
            }
        }
    }

    /// <summary>The daemon's refusal in <paramref name="message"/>, or null when it is not one.</summary>
    public static string? ErrorOf(StreamMessageWire message) =>
        (message.ErrorDetail?.Message ?? message.Error) is { } error && !string.IsNullOrWhiteSpace(error) ? error.Trim() : null;

    /// <summary>The answer of a load: its first refusal and its other messages.</summary>
    public static async Task<DaemonLoadOutcome> ReadLoadAsync(Stream answer, CancellationToken cancellationToken)
    {
        string? error = null;
        var messages = new List<string>();
        await ReadAsync(
            answer,
            message =>
            {
                if (ErrorOf(message) is { } refusal)
                {
                    error ??= refusal;
                }
                else if ((message.Stream ?? message.Status)?.Trim() is { Length: > 0 } text)
                {
                    messages.Add(text);
                }
            },
            cancellationToken).ConfigureAwait(false);
        return new DaemonLoadOutcome { Error = error, Messages = messages };
    }

    // A line may hold several JSON values back to back; each is read with its own reader, since a single one refuses
    // anything after its first value.
    private static List<StreamMessageWire> Parse(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var values = new List<StreamMessageWire>();
        var offset = 0;
        while (true)
        {
            while (offset < bytes.Length && char.IsWhiteSpace((char)bytes[offset]))
            {
                offset++;
            }

            if (offset == bytes.Length)
            {
                return values;
            }

            var reader = new Utf8JsonReader(bytes.AsSpan(offset));
            StreamMessageWire? value;
            try
            {
                value = JsonSerializer.Deserialize(ref reader, EngineApiJsonContext.Default.StreamMessageWire);
            }
            catch (JsonException)
            {
                // Not JSON (an old or odd daemon writing plain text): keep it as a message rather than lose it.
                values.Add(new StreamMessageWire { Stream = Encoding.UTF8.GetString(bytes, offset, bytes.Length - offset) });
                return values;
            }

            if (value is not null)
            {
                values.Add(value);
            }

            offset += (int)reader.BytesConsumed;
        }
    }
}
