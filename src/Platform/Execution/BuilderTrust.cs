using Buildpacks.Images.References;
namespace Buildpacks.Platform.Execution;

/// <summary>
/// Whether a builder is trusted. In Container execution trusted builders run the all-in-one creator with the daemon
/// socket and registry credentials, untrusted ones the five phases, and the phases that run buildpacks get neither. Local
/// execution runs the builder's buildpacks on this machine with no container around them, so it takes trusted builders only.
/// </summary>
public static class BuilderTrust
{
    // pack's suggested trusted builders (pack config trusted-builders), by repository pattern.
    private static readonly string[] WellKnownPrefixes =
    [
        "docker.io/paketobuildpacks/",
        "docker.io/heroku/builder",
        "gcr.io/buildpacks/builder",
    ];

    /// <summary>
    /// <see cref="BuildRequest.TrustBuilder"/> when set; else true for a well-known builder or one listed in
    /// <see cref="BuildRequest.TrustedBuilders"/> (a name without a tag or digest trusts every tag of it).
    /// </summary>
    public static bool IsTrusted(BuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.TrustBuilder is { } explicitTrust)
        {
            return explicitTrust;
        }

        var builder = request.Builder;
        if (WellKnownPrefixes.Any(prefix => builder.Name.StartsWith(prefix, StringComparison.Ordinal)))
        {
            return true;
        }

        foreach (var listed in request.TrustedBuilders)
        {
            if (!ImageReference.TryParse(listed, out var trusted) || trusted is null)
            {
                continue;
            }

            var namesTagOrDigest = listed.Contains('@', StringComparison.Ordinal) || listed[(listed.LastIndexOf('/') + 1)..].Contains(':', StringComparison.Ordinal);
            if (trusted.Name == builder.Name && (!namesTagOrDigest || trusted.ToString() == builder.ToString()))
            {
                return true;
            }
        }

        return false;
    }
}
