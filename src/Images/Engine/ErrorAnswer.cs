using System.Text.Json;

namespace Buildpacks.Images.Engine;

/// <summary>Turns an error answer of the daemon into the <see cref="DaemonException"/> that says what went wrong.</summary>
internal static class ErrorAnswer
{
    /// <summary>
    /// The exception for <paramref name="response"/>, an answer of 400 or more to <paramref name="operation"/>: the
    /// daemon's own message, taken from the <c>message</c> of its JSON body, else the body's text, else the status.
    /// </summary>
    public static async Task<DaemonRequestException> ReadAsync(HttpResponseMessage response, DaemonEndpoint endpoint, string operation, CancellationToken cancellationToken)
    {
        var body = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
        var error = Parse(body);
        var message = error?.Message is { Length: > 0 } text ? text.Trim()
            : body.Length > 0 ? body
            : response.ReasonPhrase ?? response.StatusCode.ToString();
        return new DaemonRequestException(endpoint, operation, (int)response.StatusCode, message, error?.Cause);
    }

    private static ErrorWire? Parse(string body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, EngineApiJsonContext.Default.ErrorWire);
        }
        catch (JsonException)
        {
            // Not JSON: the text itself is the best we have.
            return null;
        }
    }
}
