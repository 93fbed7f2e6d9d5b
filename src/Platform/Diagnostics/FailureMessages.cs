using Buildpacks.Images;
using Buildpacks.Images.Registry;
using Buildpacks.Lifecycle;

namespace Buildpacks.Platform.Diagnostics;

/// <summary>
/// Any failure as the one coded message a host reports: a <see cref="CodedException"/> as it is, the libraries'
/// exceptions (which know nothing of BP codes) by kind, and anything else as BP9001 naming the work that failed; a
/// failure caused by a full file system, whatever wrapped it, as BP4010 (<see cref="FullFileSystem"/>).
/// </summary>
public static class FailureMessages
{
    /// <summary>The message for <paramref name="exception"/>, raised while doing <paramref name="work"/> (e.g. "Rebasing the image").</summary>
    public static CodedMessage For(Exception exception, string work)
    {
        ArgumentNullException.ThrowIfNull(exception);

        // A full file system is the cause to name first, whichever step met it and however it wrapped it.
        if (FullFileSystem.In(exception) is { } full)
        {
            var needed = full.Needed is { } bytes ? $"; it needed at least {FullFileSystem.Readable(bytes)}" : string.Empty;
            return CodedMessage.Format(Messages.NoSpaceLeft, full.Path, FullFileSystem.Readable(full.Free), FullFileSystem.Readable(full.Size), needed, work, full.Error);
        }

        return exception switch
        {
            CodedException coded => coded.Coded,
            LifecycleException { ExitCode: LifecycleExitCodes.FailedDetect or LifecycleExitCodes.FailedDetectWithErrors or LifecycleExitCodes.DetectError } e
                => CodedMessage.Format(Messages.DetectFailed, e.Message),
            LifecycleException { ExitCode: LifecycleExitCodes.FailedBuildWithErrors or LifecycleExitCodes.BuildError } e
                => CodedMessage.Format(Messages.BuildFailed, e.Message, string.Empty), // no last lines apart from its message
            LifecycleException e => CodedMessage.Format(Messages.LifecycleFailed, e.ExitCode, e.Message),
            RegistryAuthenticationException e => CodedMessage.Format(Messages.RegistryAuthRefused, e.Registry, e.Message),
            PlatformNotInIndexException e => CodedMessage.Format(Messages.PlatformNotInImage, $"The image {e.Registry}/{e.Repository}", e.Platform, $"it has {(e.Available.Count == 0 ? "no platform entries" : string.Join(", ", e.Available))}"),
            ImageException e => CodedMessage.Format(Messages.RegistryFailed, e.Message),
            _ => CodedMessage.Format(Messages.Unexpected, work, $"{exception.GetType().Name}: {exception.Message}"),
        };
    }
}
