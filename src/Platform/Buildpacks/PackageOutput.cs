using Buildpacks.Images.References;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Buildpacks;

/// <summary>
/// Where a buildpack package goes (<c>BuildpackPackageOutput</c>, <c>BuildpackPackageFormat</c>): a <c>.cnb</c> file
/// (<see cref="FilePath"/>) or an image (<see cref="Image"/>), as <c>pack buildpack package --format</c> decides.
/// </summary>
public sealed record PackageOutput
{
    private const string FileExtension = ".cnb";

    private PackageOutput()
    {
    }

    /// <summary>The <c>.cnb</c> file to write (absolute), for a file package.</summary>
    public string? FilePath { get; private init; }

    /// <summary>The image's name, for an image package.</summary>
    public ImageReference? Image { get; private init; }

    /// <summary>
    /// Parses the output: a file when <paramref name="format"/> says <c>file</c>, or says nothing and the output ends in
    /// <c>.cnb</c>; else an image name. A file output with another destination set is BP6019.
    /// </summary>
    /// <param name="output">BuildpackPackageOutput.</param>
    /// <param name="format">BuildpackPackageFormat: <c>image</c>, <c>file</c> or empty.</param>
    /// <param name="baseDirectory">What a relative file path is relative to.</param>
    /// <param name="publish">BuildpackPublish.</param>
    /// <param name="otherDestination">Whether a layout or archive output path is set too.</param>
    public static PackageOutput Parse(string? output, string? format, string baseDirectory, bool publish, bool otherDestination)
    {
        if (string.IsNullOrWhiteSpace(output))
        {
            throw CodedException.Of(Messages.PackageOutputNotSet);
        }

        var text = output.Trim();
        var isFile = (format?.Trim() ?? "").ToLowerInvariant() switch
        {
            "" => text.EndsWith(FileExtension, StringComparison.OrdinalIgnoreCase),
            "file" => true,
            "image" => false,
            _ => throw CodedException.Of(Messages.InvalidPackageFormat, format),
        };
        if (!isFile)
        {
            try
            {
                return new PackageOutput { Image = ImageReference.Parse(text) };
            }
            catch (InvalidImageReferenceException e)
            {
                throw CodedException.Of(Messages.InvalidPackageOutput, text, e.Reason);
            }
        }

        if (publish || otherDestination)
        {
            throw CodedException.Of(Messages.OutputNotSetWithFile, publish ? "true" : "false");
        }

        return text.EndsWith(FileExtension, StringComparison.OrdinalIgnoreCase)
            ? new PackageOutput { FilePath = Path.GetFullPath(text, baseDirectory) }
            : throw CodedException.Of(Messages.PackageFileNotCnb, text);
    }
}
