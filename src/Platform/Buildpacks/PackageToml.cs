using Buildpacks.Lifecycle.Toml;
using Buildpacks.Platform.Toml;

namespace Buildpacks.Platform.Buildpacks;

/// <summary>
/// Reads pack's <c>package.toml</c>: <c>[buildpack] uri</c>, <c>[[dependencies]] uri | image</c>, <c>[platform] os</c>,
/// <c>[[targets]]</c>. Relative uris are resolved against the file's directory.
/// </summary>
public static class PackageToml
{
    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="ConfigFileException">The file is missing, malformed or names something that does not exist.</exception>
    public static PackageConfig Read(string path) =>
        ConfigToml.Read(path, "buildpack package definition (package.toml)", UnknownKeys.Reject, Read);

    private static PackageConfig Read(TomlSection root)
    {
        root.ExpectKeys("buildpack", "dependencies", "platform", "targets");
        var buildpack = root.GetTable("buildpack")
            ?? throw root.Invalid("buildpack.uri", "is required: set [buildpack] uri to the buildpack directory (\".\" for the file's own directory).");
        buildpack.ExpectKeys("uri");
        var main = Locate(buildpack, "uri", buildpack.GetRequiredString("uri", "set it to the buildpack directory or tarball."));
        if (main.Kind is not (BuildpackLocationKind.Directory or BuildpackLocationKind.Archive))
        {
            throw buildpack.Invalid("uri", "must name a buildpack directory or tarball; packages and images go in [[dependencies]].");
        }

        var dependencies = root.GetTableArray("dependencies").Select(d =>
        {
            d.ExpectKeys("uri", "image");
            var uri = d.GetString("uri");
            var image = d.GetString("image");
            return (uri, image) switch
            {
                ({ Length: > 0 }, { Length: > 0 }) => throw d.Invalid("uri", "and 'image' are both set; give one of them."),
                ({ Length: > 0 }, _) => Locate(d, "uri", uri),
                (_, { Length: > 0 }) => Locate(d, "image", "docker://" + image),
                _ => throw d.Invalid("uri", "is required: give the dependency's uri (directory, .tgz, .cnb) or image."),
            };
        }).ToList();

        var os = "linux";
        if (root.GetTable("platform") is { } platform)
        {
            platform.ExpectKeys("os");
            os = platform.GetString("os") ?? os;
            if (os is not ("linux" or "windows"))
            {
                throw platform.Invalid("os", $"is '{os}'; only \"linux\" and \"windows\" are allowed.");
            }
        }

        return new PackageConfig
        {
            FilePath = root.Document.FilePath,
            Buildpack = main,
            Dependencies = dependencies,
            Os = os,
            Targets = TargetsToml.Read(root),
        };
    }

    internal static BuildpackLocation Locate(TomlSection section, string key, string uri)
    {
        try
        {
            return BuildpackLocation.Parse(uri, section.Document.Directory);
        }
        catch (FormatException e)
        {
            throw section.Invalid(key, $"is '{uri}': {e.Message}");
        }
    }
}
