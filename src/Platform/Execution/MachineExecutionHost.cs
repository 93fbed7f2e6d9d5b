using Buildpacks.Platform.Execution.Container;
using Buildpacks.Platform.Execution.Local;

namespace Buildpacks.Platform.Execution;

/// <summary>
/// This machine as a build sees it: its daemon (the endpoint <see cref="BuildpackDockerHost"/> resolves, probed for five
/// seconds), whether it is Linux, and the two execution modes. What <see cref="ImageBuild"/> uses unless told otherwise.
/// </summary>
public sealed class MachineExecutionHost : IExecutionHost
{
    /// <inheritdoc />
    public bool IsLinux => OperatingSystem.IsLinux();

    /// <inheritdoc />
    public string DaemonEndpoint(string? dockerHost) => BuildpackDockerHost.Describe(dockerHost);

    /// <inheritdoc />
    public async Task<bool> DaemonAnswersAsync(string? dockerHost, CancellationToken cancellationToken) =>
        (await BuildpackDockerHost.ProbeAsync(dockerHost, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false)).HasAnswered;

    /// <inheritdoc />
    public string BuildLockDirectory => Path.Combine(UserCache.DefaultRoot, "locks");

    /// <inheritdoc />
    public IBuildExecution Container() => new ContainerExecution();

    /// <inheritdoc />
    public Task<string?> ResolveAsync(ImageOrigin origin, string name, BuildRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var image = Images.References.ImageReference.Parse(name);
        return origin == ImageOrigin.Registry
            ? ImageDigests.InRegistryAsync(image, request, cancellationToken)
            : ImageDigests.InDaemonAsync(image, request.DockerHost, cancellationToken);
    }

    /// <inheritdoc />
    public IBuildExecution Local() => OperatingSystem.IsLinux() ? new LocalExecution() : throw new PlatformNotSupportedException("Local execution needs Linux.");
}
