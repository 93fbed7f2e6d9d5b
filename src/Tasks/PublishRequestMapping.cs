using Buildpacks.Images.References;
using Buildpacks.Platform.Diagnostics;
using ImagePlatform = Buildpacks.Images.Model.Platform;

namespace Buildpacks.MSBuild.Tasks;

/// <summary>Turns the task's string properties into a <see cref="PublishRequest"/>, each bad value as its BP error.</summary>
internal static class PublishRequestMapping
{
    public static PublishRequest Map(PublishBuildpackImage task)
    {
        var execution = string.IsNullOrWhiteSpace(task.BuildpackExecution) ? "Auto" : task.BuildpackExecution.Trim();
        if (!execution.Equals("Local", StringComparison.OrdinalIgnoreCase) && !execution.Equals("Auto", StringComparison.OrdinalIgnoreCase))
        {
            throw CodedException.Of(Messages.UnsupportedExecution, execution);
        }

        var image = ParseImage(task.BuildpackImage, Messages.InvalidImageName);
        var tags = new List<ImageReference> { image };
        foreach (var tag in Split(task.BuildpackTags))
        {
            tags.Add(ParseTag(image, tag));
        }

        return new PublishRequest
        {
            AppDirectory = Path.GetFullPath(task.PublishDirectory),
            Tags = tags,
            Builder = ParseImage(task.BuildpackBuilder, Messages.InvalidBuilderName),
            RunImage = string.IsNullOrWhiteSpace(task.BuildpackRunImage) ? null : task.BuildpackRunImage.Trim(),
            Destination = Destination(task),
            Platform = ParsePlatform(task.BuildpackPlatform),
            DefaultProcess = string.IsNullOrWhiteSpace(task.BuildpackDefaultProcess) ? null : task.BuildpackDefaultProcess.Trim(),
            InsecureRegistries = Split(task.BuildpackInsecureRegistries).ToList(),
        };
    }

    private static ImageDestination Destination(PublishBuildpackImage task)
    {
        var layout = string.IsNullOrWhiteSpace(task.BuildpackLayoutOutputPath) ? null : Path.GetFullPath(task.BuildpackLayoutOutputPath);
        var archive = string.IsNullOrWhiteSpace(task.BuildpackArchiveOutputPath) ? null : Path.GetFullPath(task.BuildpackArchiveOutputPath);
        var chosen = (task.BuildpackPublish ? 1 : 0) + (layout is null ? 0 : 1) + (archive is null ? 0 : 1);
        return chosen switch
        {
            0 => throw CodedException.Of(Messages.NoDestination),
            > 1 => throw CodedException.Of(Messages.SeveralDestinations),
            _ when task.BuildpackPublish => new ImageDestination(ImageDestinationKind.Registry),
            _ when layout is not null => new ImageDestination(ImageDestinationKind.Layout, layout),
            _ => new ImageDestination(ImageDestinationKind.Archive, archive),
        };
    }

    private static ImageReference ParseImage(string value, string template)
    {
        try
        {
            return ImageReference.Parse(string.IsNullOrWhiteSpace(value) ? "" : value.Trim());
        }
        catch (InvalidImageReferenceException e)
        {
            throw CodedException.Of(template, value, e.Reason);
        }
    }

    private static ImageReference ParseTag(ImageReference image, string tag)
    {
        try
        {
            return ImageReference.Parse($"{image.Name}:{tag}");
        }
        catch (InvalidImageReferenceException e)
        {
            throw CodedException.Of(Messages.InvalidTag, tag, e.Reason);
        }
    }

    private static ImagePlatform? ParsePlatform(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        try
        {
            return ImagePlatform.Parse(value.Trim());
        }
        catch (FormatException)
        {
            throw CodedException.Of(Messages.InvalidPlatform, value);
        }
    }

    private static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
