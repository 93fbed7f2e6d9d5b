using System.Text;
using System.Text.Json;

namespace Buildpacks.Images.Stores.Daemon.EngineApi;

/// <summary>
/// Reads the answer of <c>POST /images/load</c>: a sequence of JSON messages (Docker writes one per line, Podman a
/// single one), any of which may be the daemon's refusal. The answer of a quiet load is a few lines, read line by line.
/// </summary>
internal static class LoadAnswerReader
{
    public static async Task<DaemonLoadOutcome> ReadAsync(Stream answer, CancellationToken cancellationToken)
    {
        string? error = null;
        var messages = new List<string>();
        using var reader = new StreamReader(answer, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            foreach (var message in Parse(line))
            {
                var refusal = message.ErrorDetail?.Message ?? message.Error;
                if (!string.IsNullOrWhiteSpace(refusal))
                {
                    error ??= refusal.Trim();
                }
                else if ((message.Stream ?? message.Status)?.Trim() is { Length: > 0 } text)
                {
                    messages.Add(text);
                }
            }
        }

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
