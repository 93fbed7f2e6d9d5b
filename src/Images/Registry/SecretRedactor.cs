using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Buildpacks.Images.Registry;

/// <summary>
/// The registry client's log: every line passes through here, which removes every credential and token the client
/// has handled (and any <c>access_token</c>-like URL query value) before the caller's log sees it. Defence in depth:
/// the client never formats a secret into a line on purpose either.
/// </summary>
internal sealed partial class SecretRedactor : IImageLog
{
    private const string Mask = "***";
    private readonly IImageLog _inner;
    private readonly ConcurrentDictionary<string, byte> _secrets = new(StringComparer.Ordinal);

    public SecretRedactor(IImageLog inner)
    {
        _inner = inner;
    }

    /// <summary>Remembers a value that must never be logged.</summary>
    public void Add(string? secret)
    {
        // Very short values would mask ordinary words; no real credential is that short.
        if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
        {
            _secrets.TryAdd(secret, 0);
        }
    }

    public void Write(ImageLogLevel level, string message) => _inner.Write(level, Redact(message));

    /// <summary>The text with every known secret and secret-bearing query value masked.</summary>
    public string Redact(string text)
    {
        var result = SecretQuery().Replace(text, m => m.Groups[1].Value + Mask);
        foreach (var secret in _secrets.Keys.OrderByDescending(s => s.Length))
        {
            result = result.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return result;
    }

    /// <summary>A URL for a log line: secret-bearing query values masked.</summary>
    public static string Url(Uri uri) => SecretQuery().Replace(uri.ToString(), m => m.Groups[1].Value + Mask);

    [GeneratedRegex("((?:access_token|token|refresh_token|password|client_secret|sig|signature|X-Amz-Signature|X-Amz-Credential)=)[^&#\\s]*", RegexOptions.IgnoreCase)]
    private static partial Regex SecretQuery();
}
