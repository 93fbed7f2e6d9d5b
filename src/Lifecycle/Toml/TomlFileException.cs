namespace Buildpacks.Lifecycle.Toml;

/// <summary>A TOML file that cannot be parsed or does not have the shape its reader gives it.</summary>
public sealed class TomlFileException : Exception
{
    /// <summary>Creates the exception; the message starts with the file (and line, when known) and the key, when given.</summary>
    /// <param name="filePath">The file at fault.</param>
    /// <param name="line">The 1-based line at fault, when known.</param>
    /// <param name="key">The dotted key at fault (e.g. <c>order[0].group[1].id</c>), when the fault is one key's.</param>
    /// <param name="reason">What is wrong, without the location.</param>
    /// <param name="innerException">The parser's exception, if any.</param>
    public TomlFileException(string filePath, int? line, string? key, string reason, Exception? innerException = null)
        : base($"{(line is { } l ? $"{filePath}:{l}" : filePath)}: {Describe(key, reason)}", innerException)
    {
        FilePath = filePath;
        Line = line;
        Key = key;
        Reason = reason;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line at fault, when known.</summary>
    public int? Line { get; }

    /// <summary>The dotted key at fault, when the fault is one key's; null for a fault of the whole file.</summary>
    public string? Key { get; }

    /// <summary>What is wrong, without the location (file, line or key).</summary>
    public string Reason { get; }

    /// <summary>The key (when there is one) and what is wrong with it, without the file and line.</summary>
    public string Fault => Describe(Key, Reason);

    private static string Describe(string? key, string reason) => key is null ? reason : $"'{key}' {reason}";
}
