using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution;

/// <summary>
/// A directory of this machine mounted into the build: a service binding (under <c>/platform/bindings/&lt;name&gt;</c>
/// when <paramref name="Target"/> is relative) or any path (absolute <paramref name="Target"/>). Both execution modes
/// mount it where <see cref="PathInBuild"/> says, read-only unless asked.
/// </summary>
/// <param name="Source">The host directory (absolute).</param>
/// <param name="Target">Where it appears in the build.</param>
/// <param name="ReadOnly">Mounted read-only (the default, as pack's <c>--volume</c>).</param>
public sealed record BuildBinding(string Source, string Target, bool ReadOnly = true)
{
    /// <summary>
    /// Where the build sees it: <see cref="Target"/> when absolute, else <c>/platform/bindings/&lt;name&gt;</c> for a
    /// target of one name (<c>bindings/&lt;name&gt;</c> is taken as the same).
    /// </summary>
    /// <exception cref="CodedException">BP1015 when the source is not an existing absolute path, or the target is a relative path of several names.</exception>
    public string PathInBuild
    {
        get
        {
            if (!Path.IsPathFullyQualified(Source) || (!Directory.Exists(Source) && !File.Exists(Source)))
            {
                throw CodedException.Of(Messages.InvalidBinding, Source, "it is not an existing absolute path on this machine.");
            }

            var target = Target.Replace('\\', '/').Trim();
            if (target.StartsWith('/'))
            {
                return target.TrimEnd('/') is { Length: > 0 } absolute ? absolute : throw CodedException.Of(Messages.InvalidBinding, Source, "its target is the root of the file system.");
            }

            var segments = target.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length > 1 && segments[0] == "bindings")
            {
                segments = segments[1..];
            }

            return segments is [var name] && name is not ("." or "..")
                ? $"/platform/bindings/{name}"
                : throw CodedException.Of(Messages.InvalidBinding, Source, $"its target '{Target}' is neither a binding name nor an absolute path.");
        }
    }
}
