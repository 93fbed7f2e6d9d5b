using System.Globalization;
using Buildpacks.Images.References;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;
using Microsoft.Build.Framework;
using Buildpacks.Images.Model;

namespace Buildpacks.MSBuild.Tasks;

/// <summary>
/// Turns the task's string properties and items into a <see cref="PublishRequest"/>, each bad value as its BP error.
/// Empty means the default. Relative paths resolve against the project directory.
/// </summary>
internal static class PublishRequestMapping
{
    /// <summary>The builder when neither BuildpackBuilder nor project.toml names one (as Spring Boot and pack suggest).</summary>
    public const string DefaultBuilder = "paketobuildpacks/builder-jammy-base";

    /// <summary>Maps the task's parameters; <paramref name="projectBuilder"/> is project.toml's builder, used when BuildpackBuilder is empty.</summary>
    public static PublishRequest Map(PublishBuildpackImage task, string? projectBuilder = null)
    {
        var image = ParseImage(task.BuildpackImage, Messages.InvalidImageName);
        var tags = new List<ImageReference> { image };
        foreach (var tag in Split(task.BuildpackTags))
        {
            tags.Add(ParseTag(image, tag));
        }

        var baseDirectory = string.IsNullOrWhiteSpace(task.ProjectDirectory) ? Directory.GetCurrentDirectory() : Path.GetFullPath(task.ProjectDirectory);
        string? FullPath(string? path) => string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(path.Trim(), baseDirectory);

        var build = new BuildRequest
        {
            // MSBuild's default PublishDir has Windows separators (bin\Release/net10.0/publish/); MSBuild normalises them only
            // for its own tasks.
            AppDirectory = Path.GetFullPath(Path.DirectorySeparatorChar == '/' ? task.PublishDirectory.Replace('\\', '/') : task.PublishDirectory, baseDirectory),
            ProjectDirectory = string.IsNullOrWhiteSpace(task.ProjectDirectory) ? null : baseDirectory,
            Tags = tags,
            Builder = ParseImage(Optional(task.BuildpackBuilder) ?? Optional(projectBuilder) ?? DefaultBuilder, Messages.InvalidBuilderName),
            RunImage = OptionalImage(nameof(task.BuildpackRunImage), task.BuildpackRunImage),
            Destination = Destination(task.BuildpackPublish, FullPath(task.BuildpackLayoutOutputPath), FullPath(task.BuildpackArchiveOutputPath)),
            Platform = ParsePlatform(task.BuildpackPlatform),
            DefaultProcess = Optional(task.BuildpackDefaultProcess),
            Environment = NameValues(task.BuildpackEnvironment, "BuildpackEnvironment", IsVariableName),
            Buildpacks = task.Buildpacks.Select(b => BuildpackLocation(b.ItemSpec, baseDirectory)).ToList(),
            Bindings = task.BuildpackBindings.Select(b => Binding(b, baseDirectory)).ToList(),
            Labels = NameValues(task.BuildpackLabels, "BuildpackLabel", IsLabelKey),
            Cache = Cache(task, FullPath(task.BuildpackCacheDirectory)),
            Created = ParseCreated(task.BuildpackCreatedDate),
            ImageAppDirectory = AppDirectory(task.BuildpackAppDirectory),
            PreviousImage = OptionalImage(nameof(task.BuildpackPreviousImage), task.BuildpackPreviousImage),
            SbomOutputDirectory = FullPath(task.BuildpackSbomOutputDirectory),
            PullPolicy = ParsePullPolicy(task.BuildpackPullPolicy),
            TrustBuilder = ParseOptionalBoolean(nameof(task.BuildpackTrustBuilder), task.BuildpackTrustBuilder),
            TrustedBuilders = Split(task.BuildpackTrustedBuilders).ToList(),
            Network = Optional(task.BuildpackNetwork),
            DockerHost = Optional(task.BuildpackDockerHost),
            InsecureRegistries = Split(task.BuildpackInsecureRegistries).ToList(),
            Verbose = task.BuildpackVerbose,
        };
        return new PublishRequest(ParseExecution(task.BuildpackExecution), build);
    }

    private static ExecutionChoice ParseExecution(string? value) =>
        string.IsNullOrWhiteSpace(value) ? ExecutionChoice.Auto
        : Enum.TryParse<ExecutionChoice>(value.Trim(), ignoreCase: true, out var choice) && Enum.IsDefined(choice) && !int.TryParse(value, out _) ? choice
        : throw CodedException.Of(Messages.UnsupportedExecution, value);

    private static PullPolicy ParsePullPolicy(string? value) =>
        string.IsNullOrWhiteSpace(value) ? PullPolicy.IfNotPresent
        : Enum.TryParse<PullPolicy>(value.Trim(), ignoreCase: true, out var policy) && Enum.IsDefined(policy) && !int.TryParse(value, out _) ? policy
        : throw CodedException.Of(Messages.InvalidPullPolicy, value);

    // Neither publish, layout nor archive: the daemon (as pack and the SDK do by default).
    private static ImageDestination Destination(bool publish, string? layout, string? archive) =>
        ((publish ? 1 : 0) + (layout is null ? 0 : 1) + (archive is null ? 0 : 1)) switch
        {
            0 => ImageDestination.Daemon,
            > 1 => throw CodedException.Of(Messages.SeveralDestinations),
            _ when publish => ImageDestination.Registry,
            _ when layout is not null => new ImageDestination(ImageDestinationKind.Layout, layout),
            _ => new ImageDestination(ImageDestinationKind.Archive, archive),
        };

    private static BuildCache Cache(PublishBuildpackImage task, string? directory)
    {
        var image = OptionalImage(nameof(task.BuildpackCacheImage), task.BuildpackCacheImage);
        var volume = Optional(task.BuildpackCacheVolume);
        if ((image is null ? 0 : 1) + (volume is null ? 0 : 1) + (directory is null ? 0 : 1) > 1)
        {
            throw CodedException.Of(Messages.SeveralCaches);
        }

        return new BuildCache { Image = image, Volume = volume, Directory = directory, Clear = task.BuildpackClearCache };
    }

    // A path that exists (or looks like one) is made absolute; anything else (id@version, an image) is passed as it is.
    private static string BuildpackLocation(string spec, string baseDirectory)
    {
        var trimmed = spec.Trim();
        if (trimmed.StartsWith("docker://", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var candidate = Path.GetFullPath(trimmed, baseDirectory);
        var looksLikePath = trimmed.StartsWith('.') || trimmed.StartsWith('/') || trimmed.EndsWith(".cnb", StringComparison.OrdinalIgnoreCase)
            || trimmed.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);
        return looksLikePath || Directory.Exists(candidate) || File.Exists(candidate) ? candidate : trimmed;
    }

    private static BuildBinding Binding(ITaskItem item, string baseDirectory)
    {
        var source = Path.GetFullPath(item.ItemSpec.Trim(), baseDirectory);
        if (!Directory.Exists(source) && !File.Exists(source))
        {
            throw CodedException.Of(Messages.InvalidBindingItem, item.ItemSpec, $"'{source}' does not exist");
        }

        var target = item.GetMetadata("Target").Trim();
        if (target.Length == 0)
        {
            target = Path.GetFileName(source.TrimEnd('/'));
        }
        else if (!target.StartsWith('/') && (target.Contains('/', StringComparison.Ordinal) || target is "." or ".."))
        {
            throw CodedException.Of(Messages.InvalidBindingItem, item.ItemSpec, $"Target '{target}' is neither a binding name nor an absolute path");
        }

        var readOnly = ParseOptionalBoolean($"BuildpackBinding '{item.ItemSpec}' ReadOnly", item.GetMetadata("ReadOnly")) ?? true;
        return new BuildBinding(source, target, readOnly);
    }

    private static List<KeyValuePair<string, string>> NameValues(ITaskItem[] items, string itemType, Func<string, bool> isValidName)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var item in items)
        {
            var name = item.ItemSpec.Trim();
            if (!isValidName(name))
            {
                throw CodedException.Of(Messages.InvalidVariableName, itemType, item.ItemSpec);
            }

            // A later item of the same name wins, as a later property assignment does.
            result.RemoveAll(pair => pair.Key == name);
            result.Add(new(name, item.GetMetadata("Value")));
        }

        return result;
    }

    private static bool IsVariableName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static bool IsLabelKey(string name) => name.Length > 0 && !name.Contains('=', StringComparison.Ordinal) && !name.Any(char.IsWhiteSpace);

    private static DateTimeOffset? ParseCreated(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (value.Trim().Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            return DateTimeOffset.UtcNow;
        }

        return DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? date
            : throw CodedException.Of(Messages.InvalidCreatedDate, value);
    }

    private static string AppDirectory(string? value) =>
        string.IsNullOrWhiteSpace(value) ? "/workspace"
        : value.Trim().StartsWith('/') ? value.Trim().TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : throw CodedException.Of(Messages.InvalidAppDirectory, value)
        : throw CodedException.Of(Messages.InvalidAppDirectory, value);

    private static bool? ParseOptionalBoolean(string property, string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : bool.TryParse(value.Trim(), out var parsed) ? parsed
        : throw CodedException.Of(Messages.InvalidBoolean, property, value);

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

    private static ImageReference? OptionalImage(string property, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        try
        {
            return ImageReference.Parse(value.Trim());
        }
        catch (InvalidImageReferenceException e)
        {
            throw CodedException.Of(Messages.InvalidImageProperty, property, value, e.Reason);
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

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
