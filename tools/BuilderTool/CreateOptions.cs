namespace Buildpacks.Tools.BuilderTool;

/// <summary>The arguments of <c>builder-tool create</c> and <c>builder-tool lifecycle-image</c>.</summary>
/// <param name="Config">The builder.toml path (create).</param>
/// <param name="Tags">The registry references to write the image under.</param>
/// <param name="Lifecycle">The lifecycle directory, binary or tarball: for create, when builder.toml's <c>[lifecycle]</c> names none.</param>
/// <param name="Base">The base image of a lifecycle image.</param>
/// <param name="Platforms">The platforms of a lifecycle image (os/arch); several make an index. None: linux/amd64.</param>
internal sealed record CreateOptions(string? Config, IReadOnlyList<string> Tags, string? Lifecycle, string? Base = null, IReadOnlyList<string>? Platforms = null)
{
    public const string Usage = "usage: builder-tool create --config <builder.toml> --tag <registry/repository:tag> [--tag …] [--lifecycle <dir|binary|tgz>]\n"
        + "       builder-tool lifecycle-image --lifecycle <dir|binary|tgz> --base <registry/repository:tag> --tag <registry/repository:tag> [--tag …] [--platform <os/arch> …]";

    /// <summary>Parses the arguments of <paramref name="command"/> (after the command name).</summary>
    /// <exception cref="FormatException">An argument is unknown, lacks its value, or a required one is missing.</exception>
    public static CreateOptions Parse(IReadOnlyList<string> args, string command = "create")
    {
        string? config = null;
        string? lifecycle = null;
        string? baseImage = null;
        var tags = new List<string>();
        var platforms = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
            {
                throw new FormatException($"'{name}' needs a value.");
            }

            var value = args[++i];
            switch (name)
            {
                case "--config":
                    config = value;
                    break;
                case "--tag":
                    tags.Add(value);
                    break;
                case "--lifecycle":
                    lifecycle = value;
                    break;
                case "--base" when command == "lifecycle-image":
                    baseImage = value;
                    break;
                case "--platform" when command == "lifecycle-image":
                    platforms.Add(value);
                    break;
                default:
                    throw new FormatException($"unknown argument '{name}'.");
            }
        }

        if (command == "lifecycle-image" && (lifecycle is null || baseImage is null))
        {
            throw new FormatException("--lifecycle and --base are required.");
        }

        if (command == "create" && config is null)
        {
            throw new FormatException("--config is required.");
        }

        return tags.Count == 0 ? throw new FormatException("at least one --tag is required.") : new CreateOptions(config, tags, lifecycle, baseImage, platforms);
    }
}
