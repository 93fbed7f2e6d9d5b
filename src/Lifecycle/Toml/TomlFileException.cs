namespace Buildpacks.Lifecycle.Toml;

/// <summary>A TOML data file that cannot be parsed or does not have the shape the spec gives it.</summary>
public sealed class TomlFileException : Exception
{
    /// <summary>Creates the exception; the message is prefixed with the file (and line, when known).</summary>
    public TomlFileException(string filePath, int? line, string reason, Exception? innerException = null)
        : base(line is { } l ? $"{filePath}:{l}: {reason}" : $"{filePath}: {reason}", innerException)
    {
        FilePath = filePath;
        Line = line;
        Reason = reason;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line at fault, when known.</summary>
    public int? Line { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }
}
