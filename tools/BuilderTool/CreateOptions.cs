namespace Buildpacks.Tools.BuilderTool;

/// <summary>The arguments of <c>builder-tool create</c>.</summary>
/// <param name="Config">The builder.toml path.</param>
/// <param name="Tags">The registry references to write the builder under.</param>
/// <param name="Lifecycle">The lifecycle directory, binary or tarball, when builder.toml's <c>[lifecycle]</c> names none.</param>
internal sealed record CreateOptions(string Config, IReadOnlyList<string> Tags, string? Lifecycle)
{
    public const string Usage = "usage: builder-tool create --config <builder.toml> --tag <registry/repository:tag> [--tag …] [--lifecycle <dir|binary|tgz>]";

    /// <summary>Parses <c>create</c>'s arguments (after the command name).</summary>
    /// <exception cref="FormatException">An argument is unknown, lacks its value, or a required one is missing.</exception>
    public static CreateOptions Parse(IReadOnlyList<string> args)
    {
        string? config = null;
        string? lifecycle = null;
        var tags = new List<string>();
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
                default:
                    throw new FormatException($"unknown argument '{name}'.");
            }
        }

        if (config is null)
        {
            throw new FormatException("--config is required.");
        }

        return tags.Count == 0 ? throw new FormatException("at least one --tag is required.") : new CreateOptions(config, tags, lifecycle);
    }
}
