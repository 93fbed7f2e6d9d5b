using System.Text;

namespace Buildpacks.Images.Registry;

/// <summary>
/// One challenge of a <c>WWW-Authenticate</c> header (RFC 7235 §4.1): a scheme and its parameters, e.g.
/// <c>Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a:pull"</c>.
/// </summary>
public sealed record AuthenticationChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>Whether this is the Bearer (token) scheme.</summary>
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether this is the Basic scheme.</summary>
    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    /// <summary>The token endpoint of a Bearer challenge.</summary>
    public string? Realm => Get("realm");

    /// <summary>The service name the token is for.</summary>
    public string? Service => Get("service");

    /// <summary>The space-separated scopes the registry wants, if it said.</summary>
    public string? Scope => Get("scope");

    /// <summary>The error the registry reports (<c>invalid_token</c>, <c>insufficient_scope</c>), if any.</summary>
    public string? Error => Get("error");

    /// <summary>A parameter by case-insensitive name.</summary>
    public string? Get(string name) => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// Parses every challenge of one header value. Quoted values may contain commas and escaped quotes; a header may
    /// carry several challenges (<c>Bearer realm="a", Basic realm="b"</c>). Malformed input yields what could be read.
    /// </summary>
    public static IReadOnlyList<AuthenticationChallenge> Parse(string header)
    {
        var result = new List<AuthenticationChallenge>();
        var reader = new Reader(header);
        reader.SkipSeparators();
        while (!reader.AtEnd)
        {
            var scheme = reader.ReadToken();
            if (scheme.Length == 0)
            {
                reader.Advance();
                reader.SkipSeparators();
                continue;
            }

            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            reader.SkipWhiteSpace();
            while (!reader.AtEnd)
            {
                var mark = reader.Position;
                var name = reader.ReadToken();
                reader.SkipWhiteSpace();
                if (name.Length == 0 || !reader.TryConsume('='))
                {
                    // Not "name=value": the next challenge's scheme starts here.
                    reader.Position = mark;
                    break;
                }

                reader.SkipWhiteSpace();
                parameters[name] = reader.Peek() == '"' ? reader.ReadQuoted() : reader.ReadToken();
                reader.SkipWhiteSpace();
                if (!reader.TryConsume(','))
                {
                    break;
                }

                reader.SkipSeparators();
            }

            result.Add(new AuthenticationChallenge(scheme, parameters));
            reader.SkipSeparators();
        }

        return result;
    }

    private sealed class Reader(string text)
    {
        public int Position { get; set; }

        public bool AtEnd => Position >= text.Length;

        public char Peek() => AtEnd ? '\0' : text[Position];

        public void Advance() => Position++;

        public bool TryConsume(char c)
        {
            if (Peek() != c)
            {
                return false;
            }

            Position++;
            return true;
        }

        public void SkipWhiteSpace()
        {
            while (!AtEnd && (text[Position] == ' ' || text[Position] == '\t'))
            {
                Position++;
            }
        }

        public void SkipSeparators()
        {
            while (!AtEnd && (text[Position] is ' ' or '\t' or ','))
            {
                Position++;
            }
        }

        public string ReadToken()
        {
            var start = Position;
            while (!AtEnd && text[Position] is not (' ' or '\t' or ',' or '=' or '"'))
            {
                Position++;
            }

            return text[start..Position];
        }

        public string ReadQuoted()
        {
            Position++; // opening quote
            var value = new StringBuilder();
            while (!AtEnd && text[Position] != '"')
            {
                if (text[Position] == '\\' && Position + 1 < text.Length)
                {
                    Position++;
                }

                value.Append(text[Position]);
                Position++;
            }

            Position++; // closing quote (or past the end of a truncated header)
            return value.ToString();
        }
    }
}
