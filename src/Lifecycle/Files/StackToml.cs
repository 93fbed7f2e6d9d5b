using Buildpacks.Lifecycle.Toml;

namespace Buildpacks.Lifecycle.Files;

/// <summary>
/// <c>stack.toml</c>, deprecated since Platform API 0.12 in favour of <c>run.toml</c> (default <c>/cnb/stack.toml</c>):
/// <c>[run-image] image, mirrors</c>. Read so that a builder made for older platforms still names its run image.
/// </summary>
public static class StackToml
{
    /// <summary>Reads the run image; null when the file or its <c>[run-image]</c> table is absent or names no image.</summary>
    /// <exception cref="TomlFileException">The file is malformed.</exception>
    public static RunImageEntry? Read(string path)
    {
        if (!File.Exists(path) || TomlDocument.Load(path).Root.GetTable("run-image") is not { } runImage)
        {
            return null;
        }

        var image = runImage.GetString("image") ?? "";
        return image.Length == 0 ? null : new RunImageEntry(image, runImage.GetStringArray("mirrors"));
    }
}
