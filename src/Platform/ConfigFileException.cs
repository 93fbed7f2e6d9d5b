namespace Buildpacks.Platform;

/// <summary>
/// A platform configuration file (<c>builder.toml</c>, <c>package.toml</c>) that cannot be used: malformed TOML, a
/// missing or mistyped key, an unknown key, or a value that points nowhere. Names the file and the key.
/// </summary>
public sealed class ConfigFileException : PlatformException
{
    /// <summary>Creates the exception; the message starts with the file (and line, when known) and the key.</summary>
    public ConfigFileException(string filePath, string? key, string reason, int? line = null, Exception? innerException = null)
        : base(Format(filePath, key, reason, line), innerException)
    {
        FilePath = filePath;
        Key = key;
        Reason = reason;
        Line = line;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }

    /// <summary>The dotted key at fault (e.g. <c>buildpacks[1].uri</c>), when the fault is one key's.</summary>
    public string? Key { get; }

    /// <summary>What is wrong and what to do, without the location.</summary>
    public string Reason { get; }

    /// <summary>The 1-based line, when known.</summary>
    public int? Line { get; }

    private static string Format(string filePath, string? key, string reason, int? line)
    {
        var location = line is { } l ? $"{filePath}:{l}" : filePath;
        return key is null ? $"{location}: {reason}" : $"{location}: '{key}' {reason}";
    }
}
