using System.Globalization;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;

namespace Buildpacks.Platform.Inputs;

/// <summary>
/// The values a user types into properties (MSBuild's, or any host's), parsed into the platform's types, each bad value
/// as its BP10xx error naming the property. Empty or whitespace means "not set" everywhere: the default applies.
/// </summary>
public static class UserInput
{
    /// <summary>The value without surrounding whitespace; null when empty.</summary>
    public static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A ';'-separated list, entries trimmed, empty entries dropped.</summary>
    public static IReadOnlyList<string> List(string? value) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>An image name that must be given; <paramref name="template"/> (value, reason) when it is not one.</summary>
    public static ImageReference Image(string? value, string template)
    {
        try
        {
            return ImageReference.Parse(Trimmed(value) ?? "");
        }
        catch (InvalidImageReferenceException e)
        {
            throw CodedException.Of(template, value, e.Reason);
        }
    }

    /// <summary>An optional image name of <paramref name="property"/>; null when empty, BP1013 when invalid.</summary>
    public static ImageReference? OptionalImage(string property, string? value)
    {
        if (Trimmed(value) is not { } text)
        {
            return null;
        }

        try
        {
            return ImageReference.Parse(text);
        }
        catch (InvalidImageReferenceException e)
        {
            throw CodedException.Of(Messages.InvalidImageProperty, property, value, e.Reason);
        }
    }

    /// <summary><paramref name="image"/>'s repository with <paramref name="tag"/>; BP1003 when the tag is invalid.</summary>
    public static ImageReference Tag(ImageReference image, string tag)
    {
        ArgumentNullException.ThrowIfNull(image);
        try
        {
            return ImageReference.Parse($"{image.Name}:{tag}");
        }
        catch (InvalidImageReferenceException e)
        {
            throw CodedException.Of(Messages.InvalidTag, tag, e.Reason);
        }
    }

    /// <summary>
    /// The image named after the project, as the SDK names a container when ContainerRepository is not set:
    /// <c>[registry/]repository:tag</c>, the repository <paramref name="repository"/> or else the lower-cased
    /// <paramref name="assemblyName"/> (characters a repository cannot hold become '-'), the tag <paramref name="version"/>
    /// (the same for a tag's characters; <c>latest</c> when empty). BP1021 when that is still no image name.
    /// </summary>
    public static ImageReference DefaultImage(string? registry, string? repository, string? assemblyName, string? version)
    {
        var repositoryPart = Trimmed(repository) ?? Normalized(Trimmed(assemblyName)?.ToLowerInvariant() ?? "", c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-' or '/');
        var tag = Trimmed(version) is { } text ? Normalized(text, c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') : "latest";
        var name = Trimmed(registry) is { } prefix ? $"{prefix.TrimEnd('/')}/{repositoryPart}:{tag}" : $"{repositoryPart}:{tag}";
        try
        {
            return ImageReference.Parse(name);
        }
        catch (InvalidImageReferenceException e)
        {
            var from = $"BuildpackRegistry '{registry}', {(Trimmed(repository) is null ? $"AssemblyName '{assemblyName}'" : $"BuildpackRepository '{repository}'")} and Version '{version}'";
            throw CodedException.Of(Messages.InvalidDefaultImage, name, e.Reason, from);
        }
    }

    /// <summary>
    /// The image a publish writes: <c>BuildpackImage</c> (<paramref name="image"/>, BP1001 when invalid), or, when it is
    /// empty and the project has a name, the image named after the project (<see cref="DefaultImage"/>).
    /// </summary>
    public static ImageReference ImageOrDefault(string? image, string? registry, string? repository, string? assemblyName, string? version) =>
        Trimmed(image) is null && (Trimmed(repository) ?? Trimmed(assemblyName)) is not null
            ? DefaultImage(registry, repository, assemblyName, version)
            : Image(image, Messages.InvalidImageName);

    /// <summary>
    /// A <c>BuildpackPort</c> item: <paramref name="port"/> 1–65535 and <paramref name="type"/> tcp (default) or udp,
    /// as an image config's ExposedPorts key, e.g. <c>8080/tcp</c>; else BP1022.
    /// </summary>
    public static string Port(string port, string? type)
    {
        var protocol = Trimmed(type)?.ToLowerInvariant() ?? "tcp";
        return int.TryParse(Trimmed(port), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 65535 && protocol is "tcp" or "udp"
            ? $"{number.ToString(CultureInfo.InvariantCulture)}/{protocol}"
            : throw CodedException.Of(Messages.InvalidPort, port, type);
    }

    /// <summary>
    /// The runtime variables with <c>PORT</c> set to the first exposed TCP port, when there is one and the user set no
    /// <c>PORT</c>: the variable web buildpacks listen on (Heroku's and Paketo's convention; the sample .NET buildpack
    /// makes it ASP.NET Core's port), so that an image listens where it says it does.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> WithListeningPort(IReadOnlyList<string> exposedPorts, IReadOnlyList<KeyValuePair<string, string>> environment)
    {
        ArgumentNullException.ThrowIfNull(exposedPorts);
        ArgumentNullException.ThrowIfNull(environment);
        return exposedPorts.FirstOrDefault(p => p.EndsWith("/tcp", StringComparison.Ordinal)) is { } port && !environment.Any(e => e.Key == "PORT")
            ? [.. environment, new("PORT", port[..port.IndexOf('/', StringComparison.Ordinal)])]
            : environment;
    }

    /// <summary><c>BuildpackPlatform</c>: os/arch[/variant], or null when empty; else BP1008.</summary>
    public static ImagePlatform? Platform(string? value)
    {
        if (Trimmed(value) is not { } text)
        {
            return null;
        }

        try
        {
            return ImagePlatform.Parse(text);
        }
        catch (FormatException)
        {
            throw CodedException.Of(Messages.InvalidPlatform, value);
        }
    }

    /// <summary><c>BuildpackExecution</c>: Auto (default), Container or Local, any case; else BP1005.</summary>
    public static ExecutionChoice Execution(string? value) =>
        Enumerated(value, ExecutionChoice.Auto, Messages.UnsupportedExecution);

    /// <summary><c>BuildpackPullPolicy</c>: IfNotPresent (default), Always or Never, any case; else BP1010.</summary>
    public static PullPolicy PullPolicy(string? value) =>
        Enumerated(value, global::Buildpacks.Platform.Execution.PullPolicy.IfNotPresent, Messages.InvalidPullPolicy);

    /// <summary>An optional boolean of <paramref name="property"/>: null when empty, BP1012 when neither true nor false.</summary>
    public static bool? OptionalBoolean(string property, string? value) =>
        Trimmed(value) is not { } text ? null
        : bool.TryParse(text, out var parsed) ? parsed
        : throw CodedException.Of(Messages.InvalidBoolean, property, value);

    /// <summary>An optional list of image names of <paramref name="property"/> (';'-separated); BP1013 for an invalid one.</summary>
    public static IReadOnlyList<ImageReference> ImageList(string property, string? value) =>
        List(value).Select(name => OptionalImage(property, name)!).ToList();

    /// <summary><c>BuildpackDockerSocket</c>: null when empty; an absolute path (<c>unix://</c> allowed) as a path; else BP1027.</summary>
    public static string? DockerSocket(string? value)
    {
        if (Trimmed(value) is not { } text)
        {
            return null;
        }

        var path = text.StartsWith("unix://", StringComparison.Ordinal) ? text["unix://".Length..] : text;
        return path.StartsWith('/') && path.Length > 1 && !path.Contains(':', StringComparison.Ordinal) ? path : throw CodedException.Of(Messages.InvalidDockerSocket, value);
    }

    /// <summary><c>BuildpackCreatedDate</c>: null (reproducible) when empty, <c>now</c>, or an ISO-8601 date; else BP1011.</summary>
    public static DateTimeOffset? CreatedDate(string? value)
    {
        if (Trimmed(value) is not { } text)
        {
            return null;
        }

        if (text.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            return DateTimeOffset.UtcNow;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? date
            : throw CodedException.Of(Messages.InvalidCreatedDate, value);
    }

    /// <summary><c>BuildpackAppDirectory</c>: an absolute path in the image, <c>/workspace</c> when empty; else BP1017.</summary>
    public static string ImageAppDirectory(string? value) =>
        Trimmed(value) is not { } text ? "/workspace"
        : text.StartsWith('/') && text.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed
        : throw CodedException.Of(Messages.InvalidAppDirectory, value);

    /// <summary>
    /// Where the image goes: the registry (<paramref name="publish"/>), an OCI layout or an archive (absolute paths);
    /// with none of them the Docker daemon, as pack and the SDK do by default. Two of them are BP1007.
    /// </summary>
    public static ImageDestination Destination(bool publish, string? layoutPath, string? archivePath) =>
        ((publish ? 1 : 0) + (layoutPath is null ? 0 : 1) + (archivePath is null ? 0 : 1)) switch
        {
            0 => ImageDestination.Daemon,
            > 1 => throw CodedException.Of(Messages.SeveralDestinations),
            _ when publish => ImageDestination.Registry,
            _ when layoutPath is not null => new ImageDestination(ImageDestinationKind.Layout, layoutPath),
            _ => new ImageDestination(ImageDestinationKind.Archive, archivePath),
        };

    /// <summary>A path as the user gives it: absolute as it is, else relative to <paramref name="baseDirectory"/>; null when empty.</summary>
    public static string? OptionalPath(string? value, string baseDirectory) =>
        Trimmed(value) is { } text ? Path.GetFullPath(text, baseDirectory) : null;

    // The characters a name part may not hold become '-', and a leading separator goes (it must start with a letter or digit).
    private static string Normalized(string value, Func<char, bool> allowed) =>
        new string(value.Select(c => allowed(c) ? c : '-').ToArray()).TrimStart('.', '_', '-', '/');

    // Names only: a number would parse as any value of the enum.
    private static T Enumerated<T>(string? value, T fallback, string template)
        where T : struct, Enum =>
        Trimmed(value) is not { } text ? fallback
        : Enum.TryParse<T>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(text, out _) ? parsed
        : throw CodedException.Of(template, value);

    /// <summary>
    /// A toml file named by <paramref name="property"/>, relative to <paramref name="baseDirectory"/>: BP6001 when
    /// empty, BP6002 when it does not exist.
    /// </summary>
    /// <param name="value">The property's value.</param>
    /// <param name="baseDirectory">What a relative path is relative to.</param>
    /// <param name="property">The property, named in errors.</param>
    /// <param name="what">What the file defines, e.g. "builder definition (builder.toml)".</param>
    public static string ConfigFile(string? value, string baseDirectory, string property, string what)
    {
        var path = OptionalPath(value, baseDirectory) ?? throw CodedException.Of(Messages.ConfigPropertyNotSet, property, what);
        return File.Exists(path) ? path : throw CodedException.Of(Messages.ConfigFileMissing, property, path);
    }
}
