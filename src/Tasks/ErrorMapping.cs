using Buildpacks.Images;
using Buildpacks.Lifecycle;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.MSBuild.Tasks;

/// <summary>Maps the library's exceptions to coded messages; the libraries know nothing of BP codes.</summary>
internal static class ErrorMapping
{
    public static CodedMessage ToMessage(Exception exception) => exception switch
    {
        CodedException coded => coded.Coded,
        LifecycleException { ExitCode: LifecycleExitCodes.FailedDetect or LifecycleExitCodes.FailedDetectWithErrors or LifecycleExitCodes.DetectError } e
            => CodedMessage.Format(Messages.DetectFailed, e.Message),
        LifecycleException { ExitCode: LifecycleExitCodes.FailedBuildWithErrors or LifecycleExitCodes.BuildError } e
            => CodedMessage.Format(Messages.BuildFailed, e.Message),
        LifecycleException e => CodedMessage.Format(Messages.LifecycleFailed, e.ExitCode, e.Message),
        Images.Registry.RegistryAuthenticationException e => CodedMessage.Format(Messages.RegistryAuthRefused, e.Registry, e.Message),
        ImageException e => CodedMessage.Format(Messages.RegistryFailed, e.Message),
        _ => CodedMessage.Format(Messages.Unexpected, $"{exception.GetType().Name}: {exception.Message}"),
    };
}
