namespace Buildpacks.Platform.Execution;

/// <summary>
/// One way of running a build: Container (the builder's lifecycle in containers of a Docker/Podman daemon) or Local
/// (our lifecycle in this process, buildpacks as child processes, no daemon).
/// </summary>
public interface IBuildExecution
{
    /// <summary>
    /// Builds <paramref name="request"/>'s app into an image and writes it to its destination. Leaves no container,
    /// ephemeral image, volume (but cache volumes) or temporary directory behind, on success, failure or cancellation.
    /// Errors the user can fix are <see cref="Diagnostics.CodedException"/>s.
    /// </summary>
    Task<BuildResult> BuildAsync(BuildRequest request, IBuildLog log, CancellationToken cancellationToken);

    /// <summary>
    /// Starts, ahead of the build, work that <see cref="BuildAsync"/> of the same request would otherwise begin with
    /// (Local execution: the builder's file system), while the project still compiles. Best effort: it reports nothing
    /// and fails silently, since the build itself does that work again, and reports its failures. Nothing by default.
    /// </summary>
    Task PrepareAsync(BuildRequest request, CancellationToken cancellationToken) => Task.CompletedTask;
}
