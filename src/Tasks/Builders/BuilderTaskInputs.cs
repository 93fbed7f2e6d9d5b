using Buildpacks.Images.References;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;
using Buildpacks.Images.Model;

namespace Buildpacks.MSBuild.Tasks.Builders;

/// <summary>
/// Parses the properties CreateBuildpackBuilder and PackageBuildpack share (destination, pull policy, platform,
/// registries, toml paths), each bad value as its BP error.
/// </summary>
internal static class BuilderTaskInputs
{
    /// <summary>
    /// The toml file <paramref name="value"/> names, relative to <paramref name="projectDirectory"/>: BP6001 when
    /// empty, BP6002 when missing.
    /// </summary>
    public static string ConfigPath(string? value, string projectDirectory, string property, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw CodedException.Of(Messages.ConfigPropertyNotSet, property, what);
        }

        var path = Resolve(value, projectDirectory);
        return File.Exists(path) ? path : throw CodedException.Of(Messages.ConfigFileMissing, property, path);
    }

    /// <summary>
    /// Where the image goes: the registry (BuildpackPublish=true), an OCI layout or an archive; with none of them the
    /// Docker daemon, as <c>pack builder create</c> without <c>--publish</c>. Two of them are BP1007.
    /// </summary>
    public static ImageDestination ParseDestination(bool publish, string? layoutPath, string? archivePath, string projectDirectory)
    {
        var layout = string.IsNullOrWhiteSpace(layoutPath) ? null : Resolve(layoutPath, projectDirectory);
        var archive = string.IsNullOrWhiteSpace(archivePath) ? null : Resolve(archivePath, projectDirectory);
        return ((publish ? 1 : 0) + (layout is null ? 0 : 1) + (archive is null ? 0 : 1)) switch
        {
            0 => ImageDestination.Daemon,
            > 1 => throw CodedException.Of(Messages.SeveralDestinations),
            _ when publish => ImageDestination.Registry,
            _ when layout is not null => new ImageDestination(ImageDestinationKind.Layout, layout),
            _ => new ImageDestination(ImageDestinationKind.Archive, archive),
        };
    }

    /// <summary>BuildpackPullPolicy: IfNotPresent (default), Always or Never, any case; else BP1010 (as for publishing).</summary>
    public static PullPolicy ParsePullPolicy(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return PullPolicy.IfNotPresent;
        }

        return Enum.TryParse<PullPolicy>(value.Trim(), ignoreCase: true, out var policy) && Enum.IsDefined(policy) && !int.TryParse(value, out _)
            ? policy
            : throw CodedException.Of(Messages.InvalidPullPolicy, value);
    }

    /// <summary>BuildpackPlatform: os/arch[/variant], or null when empty; else BP1008.</summary>
    public static ImagePlatform? ParsePlatform(string? value)
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

    /// <summary>An image name property; <paramref name="template"/> (with the value and the reason) when it is not one.</summary>
    public static ImageReference ParseImageName(string value, string template)
    {
        try
        {
            return ImageReference.Parse(value.Trim());
        }
        catch (InvalidImageReferenceException e)
        {
            throw CodedException.Of(template, value, e.Reason);
        }
    }

    /// <summary>A ';'-separated list property.</summary>
    public static IReadOnlyList<string> List(string? value) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A path as the project gives it: absolute as is, relative to the project directory.</summary>
    public static string Resolve(string path, string projectDirectory) =>
        Path.GetFullPath(Path.Combine(string.IsNullOrWhiteSpace(projectDirectory) ? Directory.GetCurrentDirectory() : projectDirectory, path.Trim()));
}
