using System.Globalization;

namespace Buildpacks.Tools.StackImages;

/// <summary>The command line of stack-images: where the trees are, what the stack is called, where images go.</summary>
internal sealed record StackOptions
{
    public const string Usage =
        """
        usage: stack-images --base <rootfs> --base-layer-cache <dir> --build <upper> --build-layer-cache <dir>
                            --released <rfc3339> --stack-id <id> --distro-name <name> --distro-version <version>
                            --suite <name> --architecture <goarch> --homepage <url> --uid <n> --gid <n>
                            --repository-prefix <name> --tag <tag> --base-history <text> --build-history <text>
                            [--registry <host:port>] [--layout <dir>]
        At least one of --registry and --layout. build/stack.sh prepares the trees and passes these.
        """;

    private static readonly string[] Required =
    [
        "base", "base-layer-cache", "build", "build-layer-cache", "released", "stack-id", "distro-name", "distro-version",
        "suite", "architecture", "homepage", "uid", "gid", "repository-prefix", "tag", "base-history", "build-history",
    ];

    private static readonly string[] Optional = ["registry", "layout"];

    /// <summary>The base rootfs: minbase, the run packages and the cnb user; the layer both images share.</summary>
    public required string BaseRootfs { get; init; }

    public required string BaseLayerCache { get; init; }

    /// <summary>What the build image adds on the base (an overlay's upper directory, whiteouts already OCI files).</summary>
    public required string BuildTree { get; init; }

    public required string BuildLayerCache { get; init; }

    /// <summary>When the trees were made: the images' creation time and their io.buildpacks.base.released label.</summary>
    public required DateTimeOffset Released { get; init; }

    public required string StackId { get; init; }

    public required string DistroName { get; init; }

    public required string DistroVersion { get; init; }

    public required string Suite { get; init; }

    public required string Architecture { get; init; }

    public required string Homepage { get; init; }

    public required int Uid { get; init; }

    public required int Gid { get; init; }

    public required string RepositoryPrefix { get; init; }

    public required string Tag { get; init; }

    public required string BaseHistory { get; init; }

    public required string BuildHistory { get; init; }

    public string? Registry { get; init; }

    public string? Layout { get; init; }

    /// <summary>Parses <c>--name value</c> pairs; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static StackOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : throw new FormatException($"'{args[i]}' is not an option.");
            if (!Required.Contains(name) && !Optional.Contains(name))
            {
                throw new FormatException($"'--{name}' is not an option of stack-images.");
            }

            values[name] = i + 1 < args.Count ? args[i + 1] : throw new FormatException($"'--{name}' needs a value.");
        }

        var missing = Required.Where(r => !values.ContainsKey(r)).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException($"missing {string.Join(", ", missing.Select(m => "--" + m))}.");
        }

        if (!values.ContainsKey("registry") && !values.ContainsKey("layout"))
        {
            throw new FormatException("give --registry, --layout or both: otherwise nothing is written.");
        }

        return new StackOptions
        {
            BaseRootfs = values["base"],
            BaseLayerCache = values["base-layer-cache"],
            BuildTree = values["build"],
            BuildLayerCache = values["build-layer-cache"],
            Released = DateTimeOffset.Parse(values["released"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            StackId = values["stack-id"],
            DistroName = values["distro-name"],
            DistroVersion = values["distro-version"],
            Suite = values["suite"],
            Architecture = values["architecture"],
            Homepage = values["homepage"],
            Uid = int.Parse(values["uid"], CultureInfo.InvariantCulture),
            Gid = int.Parse(values["gid"], CultureInfo.InvariantCulture),
            RepositoryPrefix = values["repository-prefix"],
            Tag = values["tag"],
            BaseHistory = values["base-history"],
            BuildHistory = values["build-history"],
            Registry = values.GetValueOrDefault("registry"),
            Layout = values.GetValueOrDefault("layout"),
        };
    }
}
