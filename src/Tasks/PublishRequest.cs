using Buildpacks.Platform.Execution;

namespace Buildpacks.MSBuild.Tasks;

/// <summary>How the build runs (<c>BuildpackExecution</c>).</summary>
internal enum ExecutionChoice
{
    /// <summary>Container when a Docker daemon answers, else Local on Linux.</summary>
    Auto,

    /// <summary>The builder's lifecycle in containers of a Docker (or Podman) daemon.</summary>
    Container,

    /// <summary>Our lifecycle in this process, no daemon.</summary>
    Local,
}

/// <summary>What <see cref="PublishBuildpackImage"/>'s properties ask for, checked and parsed.</summary>
/// <param name="Execution">How to run the build.</param>
/// <param name="Build">The build itself (before project.toml is merged in).</param>
internal sealed record PublishRequest(ExecutionChoice Execution, BuildRequest Build);
