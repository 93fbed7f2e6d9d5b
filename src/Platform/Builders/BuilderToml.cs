using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Toml;
using Buildpacks.Platform.Buildpacks;
using Buildpacks.Platform.Toml;

namespace Buildpacks.Platform.Builders;

/// <summary>
/// Reads pack's <c>builder.toml</c> (pack <c>builder/config_reader.go</c>): <c>description</c>, <c>[[buildpacks]]</c>,
/// <c>[[order]]</c>, <c>[build]</c>, <c>[run]</c>, the deprecated <c>[stack]</c>, <c>[lifecycle]</c>,
/// <c>[[targets]]</c>. Unknown keys are errors, as in pack.
/// </summary>
public static class BuilderToml
{
    private static readonly string[] Suffixes = ["", "default", "override", "append", "prepend"];

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="ConfigFileException">The file is missing, malformed, or a key is missing, unknown or wrong.</exception>
    public static BuilderConfig Read(string path) =>
        ConfigToml.Read(path, "builder definition (builder.toml)", UnknownKeys.Reject, Read);

    private static BuilderConfig Read(TomlSection root)
    {
        if (root.Contains("extensions") || root.Contains("order-extensions") || root.Contains("system"))
        {
            var key = root.Contains("extensions") ? "extensions" : root.Contains("order-extensions") ? "order-extensions" : "system";
            throw root.Invalid(key, "is not supported by Buildpacks.MSBuild builders yet (image extensions and system buildpacks); remove it.");
        }

        root.ExpectKeys("description", "buildpacks", "order", "build", "run", "stack", "lifecycle", "targets");

        var stack = ReadStack(root);
        var build = root.GetTable("build");
        build?.ExpectKeys("image", "env");
        var buildImage = build?.GetString("image");
        if (!string.IsNullOrEmpty(buildImage) && !string.IsNullOrEmpty(stack.BuildImage) && buildImage != stack.BuildImage)
        {
            throw build!.Value.Invalid("image", $"is '{buildImage}' but [stack] build-image is '{stack.BuildImage}'; remove [stack] build-image or make them the same.");
        }

        buildImage = string.IsNullOrEmpty(buildImage) ? stack.BuildImage : buildImage;
        if (string.IsNullOrEmpty(buildImage))
        {
            throw root.Invalid("build.image", "is required: set [build] image to the build image the builder is based on.");
        }

        var runImages = ReadRunImages(root, stack);
        return new BuilderConfig
        {
            FilePath = root.Document.FilePath,
            Description = root.GetString("description") ?? "",
            Buildpacks = root.GetTableArray("buildpacks").Select(ReadBuildpack).ToList(),
            Order = ReadOrder(root),
            BuildImage = buildImage,
            RunImages = runImages,
            StackId = string.IsNullOrEmpty(stack.Id) ? null : stack.Id,
            Lifecycle = ReadLifecycle(root),
            Targets = TargetsToml.Read(root),
            BuildEnv = build?.GetTableArray("env").Select(ReadEnv).ToList() ?? [],
        };
    }

    private static (string? Id, string? BuildImage, string? RunImage, IReadOnlyList<string> Mirrors, TomlSection? Section) ReadStack(TomlSection root)
    {
        if (root.GetTable("stack") is not { } stack)
        {
            return (null, null, null, [], null);
        }

        stack.ExpectKeys("id", "build-image", "run-image", "run-image-mirrors");
        return (stack.GetString("id"), stack.GetString("build-image"), stack.GetString("run-image"), stack.GetStringArray("run-image-mirrors"), stack);
    }

    private static IReadOnlyList<RunImage> ReadRunImages(TomlSection root, (string? Id, string? BuildImage, string? RunImage, IReadOnlyList<string> Mirrors, TomlSection? Section) stack)
    {
        var run = root.GetTable("run");
        run?.ExpectKeys("images");
        var images = run?.GetTableArray("images").Select(i =>
        {
            i.ExpectKeys("image", "mirrors");
            return new RunImage(i.GetRequiredString("image", "give the run image reference."), i.GetStringArray("mirrors"));
        }).ToList() ?? [];

        if (images.Count > 0)
        {
            if (!string.IsNullOrEmpty(stack.RunImage) && images[0].Image != stack.RunImage)
            {
                throw stack.Section!.Value.Invalid("run-image", $"is '{stack.RunImage}' but the first [[run.images]] is '{images[0].Image}'; remove [stack] run-image or make them the same.");
            }

            return images;
        }

        if (!string.IsNullOrEmpty(stack.RunImage))
        {
            return [new RunImage(stack.RunImage, stack.Mirrors)];
        }

        throw root.Invalid("run.images", "is required: add a [[run.images]] table with image = \"<run image>\".");
    }

    private static BuilderBuildpack ReadBuildpack(TomlSection entry)
    {
        entry.ExpectKeys("id", "version", "uri", "image");
        var uri = entry.GetString("uri");
        var image = entry.GetString("image");
        var location = (uri, image) switch
        {
            ({ Length: > 0 }, { Length: > 0 }) => throw entry.Invalid("uri", "and 'image' are both set; give one of them."),
            ({ Length: > 0 }, _) => PackageToml.Locate(entry, "uri", uri),
            (_, { Length: > 0 }) => PackageToml.Locate(entry, "image", "docker://" + image),
            _ => throw entry.Invalid("uri", "is required: give the buildpack's directory, .tgz or .cnb file, or image (buildpack registries are not supported)."),
        };
        return new BuilderBuildpack(entry.GetString("id"), entry.GetString("version"), location);
    }

    private static Order ReadOrder(TomlSection root) =>
        new(root.GetTableArray("order").Select(order =>
        {
            order.ExpectKeys("group");
            return new OrderGroup(order.GetTableArray("group").Select(element =>
            {
                element.ExpectKeys("id", "version", "optional");
                return new GroupElement(
                    element.GetRequiredString("id", "name the buildpack of this group entry."),
                    element.GetString("version") ?? "",
                    element.GetBool("optional"));
            }).ToList());
        }).ToList());

    private static LifecycleConfig ReadLifecycle(TomlSection root)
    {
        if (root.GetTable("lifecycle") is not { } lifecycle)
        {
            return new LifecycleConfig(null, null);
        }

        lifecycle.ExpectKeys("version", "uri");
        var uri = lifecycle.GetString("uri");
        string? path = null;
        if (!string.IsNullOrEmpty(uri))
        {
            if (uri.Contains("://", StringComparison.Ordinal) && !uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
            {
                throw lifecycle.Invalid("uri", $"is '{uri}': downloading the lifecycle is not supported; give the path of a lifecycle directory, binary or tarball.");
            }

            path = Path.GetFullPath(Path.Combine(root.Document.Directory, uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? uri["file://".Length..] : uri));
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw lifecycle.Invalid("uri", $"is '{uri}', but '{path}' does not exist; give the path of a lifecycle directory, binary or tarball.");
            }
        }

        return new LifecycleConfig(lifecycle.GetString("version"), path);
    }

    private static BuildConfigEnv ReadEnv(TomlSection env)
    {
        env.ExpectKeys("name", "value", "suffix", "delim");
        var name = env.GetRequiredString("name", "name the environment variable.");
        if (name.Contains('/') || name.Contains('.') || name.Contains('='))
        {
            throw env.Invalid("name", $"is '{name}', which cannot be an environment variable file name; use letters, digits and '_'.");
        }

        var suffix = env.GetString("suffix") ?? "";
        if (!Suffixes.Contains(suffix))
        {
            throw env.Invalid("suffix", $"is '{suffix}'; use one of default, override, append, prepend (or leave it out).");
        }

        var delim = env.GetString("delim");
        if (suffix is "append" or "prepend" && string.IsNullOrEmpty(delim))
        {
            throw env.Invalid("delim", $"is required when suffix is '{suffix}': say what separates the values, e.g. \":\".");
        }

        return new BuildConfigEnv(name, env.GetString("value") ?? "", suffix, string.IsNullOrEmpty(delim) ? null : delim);
    }
}
