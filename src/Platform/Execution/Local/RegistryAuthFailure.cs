using Buildpacks.Images.Registry;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// A registry that refused us, wherever the lifecycle wrapped it (an analyzer or exporter failure carries the
/// registry's refusal as an inner exception): it gets its own code (BP2004), naming the registry and how to log in.
/// </summary>
internal static class RegistryAuthFailure
{
    /// <summary>The refusal in <paramref name="exception"/> or its inner exceptions, if any.</summary>
    public static RegistryAuthenticationException? Find(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is RegistryAuthenticationException refused)
            {
                return refused;
            }
        }

        return null;
    }

    /// <summary>The coded error for <paramref name="refused"/>, keeping <paramref name="cause"/> as its cause.</summary>
    public static CodedException For(RegistryAuthenticationException refused, Exception cause) =>
        CodedException.Because(cause, Messages.RegistryAuthRefused, refused.Registry, refused.Message);
}
