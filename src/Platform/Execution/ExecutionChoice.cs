namespace Buildpacks.Platform.Execution;

/// <summary>How a build runs (<c>BuildpackExecution</c>).</summary>
public enum ExecutionChoice
{
    /// <summary>Container when a Docker daemon answers, else Local on Linux (<see cref="ExecutionSelection"/>).</summary>
    Auto,

    /// <summary>The builder's lifecycle in containers of a Docker (or Podman) daemon.</summary>
    Container,

    /// <summary>No daemon: the builder read from its image, our lifecycle in this process.</summary>
    Local,
}
