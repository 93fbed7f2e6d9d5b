using System.Text.RegularExpressions;
using Buildpacks.Images.Engine;
using Buildpacks.Platform.Buildpacks;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Builders;

/// <summary>
/// Turns what the builder and package writers throw into BP6xxx errors: the writers know nothing of codes, and the
/// code a user looks up depends on what is at fault (the toml, a buildpack, the lifecycle, the daemon).
/// </summary>
internal static partial class CreationErrors
{
    /// <summary>
    /// The coded error for <paramref name="exception"/>, or null to let it through as it is (already coded,
    /// cancellation, registry failures, which keep their BP2xxx code everywhere).
    /// </summary>
    /// <param name="exception">What was thrown.</param>
    /// <param name="failedTemplate">The catch-all message: <see cref="Messages.BuilderFailed"/> or <see cref="Messages.PackageFailed"/>.</param>
    public static CodedException? Classify(Exception exception, string failedTemplate) => exception switch
    {
        CodedException => null,
        ConfigFileException config => FromConfig(config),
        BuildpackException buildpack => CodedException.Because(buildpack, Messages.BuildpackInvalid, buildpack.Message),
        DaemonException daemon => CodedException.Because(daemon, Messages.DaemonUnavailable, daemon.Message),
        PlatformException other => CodedException.Because(other, failedTemplate, other.Message),
        _ => null,
    };

    /// <summary>A toml error with its line: a missing buildpack or lifecycle path has its own code.</summary>
    public static CodedException FromConfig(ConfigFileException exception)
    {
        var located = ConfigKeyLines.WithLine(exception);
        if (located.Key is { } key && located.Reason.Contains("does not exist", StringComparison.Ordinal))
        {
            if (key == "lifecycle.uri")
            {
                return CodedException.Because(located, Messages.LifecycleMissing, located.Message);
            }

            if (BuildpackKey().IsMatch(key))
            {
                return CodedException.Because(located, Messages.BuildpackNotFound, located.Message);
            }
        }

        return CodedException.Because(located, Messages.ConfigFileInvalid, located.Message);
    }

    /// <summary>The keys that locate a buildpack in builder.toml (<c>buildpacks[n]</c>) and package.toml (<c>buildpack</c>, <c>dependencies[n]</c>).</summary>
    [GeneratedRegex(@"^(buildpacks\[\d+\]|buildpack|dependencies\[\d+\])\.(uri|image)$", RegexOptions.CultureInvariant)]
    private static partial Regex BuildpackKey();
}
