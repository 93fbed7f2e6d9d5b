namespace Buildpacks.Platform.Execution;

/// <summary>
/// What the machine offers a build: whether it is Linux, whether a Docker (or Podman) daemon answers, and the two
/// execution modes. <see cref="ImageBuild"/> asks it instead of the machine itself, so that the rules that choose a
/// mode are tested without a daemon (<see cref="ExecutionSelection"/>).
/// </summary>
public interface IExecutionHost
{
    /// <summary>Whether this is Linux, which Local execution needs.</summary>
    bool IsLinux { get; }

    /// <summary>The daemon endpoint <paramref name="dockerHost"/> resolves to, as errors name it.</summary>
    string DaemonEndpoint(string? dockerHost);

    /// <summary>Whether a daemon answers at the endpoint <paramref name="dockerHost"/> resolves to, within a few seconds.</summary>
    Task<bool> DaemonAnswersAsync(string? dockerHost, CancellationToken cancellationToken);

    /// <summary>Where the builds of this machine's user lock the image names they build (<see cref="ImageBuildLock"/>).</summary>
    string BuildLockDirectory { get; }

    /// <summary>Container execution.</summary>
    IBuildExecution Container();

    /// <summary>Local execution.</summary>
    IBuildExecution Local();

    /// <summary>
    /// What <paramref name="name"/> points to now where <paramref name="origin"/> says (a registry's digest, the
    /// daemon's image ID, see <see cref="ImageDigests"/>), reached with <paramref name="request"/>'s settings; null when
    /// the name is not there. Throws when the store cannot be asked.
    /// </summary>
    Task<string?> ResolveAsync(ImageOrigin origin, string name, BuildRequest request, CancellationToken cancellationToken);
}
