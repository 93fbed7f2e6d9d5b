namespace Buildpacks.Lifecycle.Rebase;

/// <summary>
/// A rebase that did not happen (lifecycle exit code 72). Each reason has its own type so a platform can map it to its
/// own error code; nothing was written when one is thrown.
/// </summary>
public class RebaseException : LifecycleException
{
    /// <summary>Creates a rebase failure.</summary>
    public RebaseException(string message, Exception? innerException = null)
        : base(LifecycleExitCodes.RebaseError, message, innerException)
    {
    }
}

/// <summary>The app image does not exist in the store.</summary>
public sealed class AppImageNotFoundException(string message) : RebaseException(message);

/// <summary>
/// The app image has no readable <c>io.buildpacks.lifecycle.metadata</c> label, or the label names no run image top
/// layer that the image has: it was not built by a buildpacks lifecycle, or its metadata is corrupt.
/// </summary>
public sealed class MissingRebaseMetadataException(string message) : RebaseException(message);

/// <summary>No run image was given and the app image's metadata records none (or none that could be read).</summary>
public sealed class RunImageRequiredException(string message) : RebaseException(message);

/// <summary>The new run image does not exist in its store.</summary>
public sealed class RunImageNotFoundException(string message) : RebaseException(message);

/// <summary>The app image is labelled <c>io.buildpacks.rebasable=false</c> (e.g. its run image was extended); force overrides.</summary>
public sealed class NotRebasableException(string message) : RebaseException(message);

/// <summary>The new run image's os/arch (or variant, distro when both name one) differ from the app image's; force overrides.</summary>
public sealed class TargetMismatchException(string message) : RebaseException(message);

/// <summary>The new run image is neither the run image the app image records nor one of its mirrors; force overrides.</summary>
public sealed class RunImageNotInMetadataException(string message) : RebaseException(message);

/// <summary>
/// An app image exported under Platform API &lt; 0.12 whose stack id differs from the new run image's, or which needs
/// mixins the new run image lacks (the deprecated stack checks; force does not override them, as in the reference lifecycle).
/// </summary>
public sealed class StackMismatchException(string message) : RebaseException(message);
