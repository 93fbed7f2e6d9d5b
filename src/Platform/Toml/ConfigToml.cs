using Buildpacks.Lifecycle.Toml;

namespace Buildpacks.Platform.Toml;

/// <summary>
/// Reads a platform configuration file (builder.toml, package.toml, lifecycle.toml) through the lifecycle's TOML
/// reader, with the platform's errors: a missing file and every rejected value become a
/// <see cref="ConfigFileException"/> naming the file, the key and, when known, the line.
/// </summary>
internal static class ConfigToml
{
    /// <summary>Loads <paramref name="filePath"/> and maps its top-level table with <paramref name="read"/>.</summary>
    /// <param name="filePath">The file.</param>
    /// <param name="what">What the file is, for the error when it is missing (e.g. "builder definition (builder.toml)").</param>
    /// <param name="unknownKeys">
    /// <see cref="UnknownKeys.Reject"/> for a user's configuration, as pack does: a typo silently ignored makes a wrong
    /// image, which is much harder to trace than an error.
    /// </param>
    /// <param name="read">Maps the file's top-level table; a <see cref="TomlFileException"/> it throws is mapped too.</param>
    public static T Read<T>(string filePath, string what, UnknownKeys unknownKeys, Func<TomlSection, T> read)
    {
        var full = Path.GetFullPath(filePath);
        if (!File.Exists(full))
        {
            throw new ConfigFileException(full, null, $"does not exist; give the path of the {what}.");
        }

        try
        {
            return read(TomlDocument.Load(full, unknownKeys).Root);
        }
        catch (TomlFileException e)
        {
            throw new ConfigFileException(e.FilePath, e.Key, e.Reason, e.Line, e);
        }
    }
}
