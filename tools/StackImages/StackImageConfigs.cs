using System.Globalization;
using Buildpacks.Images.Model;

namespace Buildpacks.Tools.StackImages;

/// <summary>
/// The configs of the stack's images, as the public sample base images define them (buildpacks/samples
/// base-images, Paketo jammy): a non-root user, CNB_USER_ID / CNB_GROUP_ID and the deprecated CNB_STACK_ID in the build
/// image, the target labels (io.buildpacks.base.*, os, architecture, distro) on both, and the deprecated
/// io.buildpacks.stack.id that older platforms compare between build and run image.
/// </summary>
internal static class StackImageConfigs
{
    /// <summary>Debian's default PATH for root and containers.</summary>
    private const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static ImageConfig Build(StackOptions options, IReadOnlyList<HistoryEntry> history) =>
        Config(
            options,
            history,
            $"Debian {options.DistroVersion} ({options.Suite}) build image of the Buildpacks.MSBuild sample stack: minbase, bash, jq, CA certificates, ICU, and the .NET and ASP.NET Core runtimes in /opt/dotnet-runtimes",
            [
                DefaultPath,
                $"CNB_USER_ID={options.Uid}",
                $"CNB_GROUP_ID={options.Gid}",
                $"CNB_STACK_ID={options.StackId}",
            ]);

    public static ImageConfig Run(StackOptions options, IReadOnlyList<HistoryEntry> history, string version) =>
        Config(
            options,
            history,
            $"Debian {options.DistroVersion} ({options.Suite}) run image ({version}) of the Buildpacks.MSBuild sample stack: minbase with what a .NET app needs at run time (CA certificates, ICU, tzdata, OpenSSL)",
            [DefaultPath]);

    public static HistoryEntry History(StackOptions options, string createdBy) =>
        new() { Created = options.Released, CreatedBy = createdBy, Author = Maintainer };

    private const string Maintainer = "Buildpacks.MSBuild contributors";

    private static ImageConfig Config(StackOptions options, IReadOnlyList<HistoryEntry> history, string description, IReadOnlyList<string> env) => new()
    {
        Created = options.Released,
        Os = "linux",
        Architecture = options.Architecture,
        History = history,
        Config = new ContainerConfig
        {
            // The lifecycle and the app run as this user; build and run images must agree on it (platform spec).
            User = $"{options.Uid}:{options.Gid}",
            Env = env,
            Cmd = ["/bin/bash"],
            Labels = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["io.buildpacks.base.distro.name"] = options.DistroName,
                ["io.buildpacks.base.distro.version"] = options.DistroVersion,
                ["io.buildpacks.base.id"] = options.StackId,
                ["io.buildpacks.base.maintainer"] = Maintainer,
                ["io.buildpacks.base.homepage"] = options.Homepage,
                ["io.buildpacks.base.description"] = description,
                ["io.buildpacks.base.released"] = options.Released.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["io.buildpacks.stack.id"] = options.StackId,
            },
        },
    };
}
