namespace Buildpacks.Platform.Execution.Container;

/// <summary>One lifecycle phase to run in a container of the builder image.</summary>
/// <param name="Phase">The phase (analyzer, detector, restorer, builder, exporter or creator): the binary under <c>/cnb/lifecycle</c>.</param>
/// <param name="Arguments">Its flags and operands.</param>
/// <param name="Environment">Its environment, <c>NAME=value</c>; may hold secrets, so never logged.</param>
/// <param name="Binds">Volume and bind mounts, <c>source:target[:options]</c>.</param>
/// <param name="User">The user it starts as: <c>root</c> for phases that hand files over or reach the daemon, the build user otherwise.</param>
/// <param name="Archives">Tar archives copied to <c>/</c> of the container before it starts (the app, the platform env, run.toml).</param>
/// <param name="Image">The image to run it from: null for the builder; a lifecycle image for an untrusted builder's analyzer, restorer and exporter.</param>
internal sealed record PhaseSpec(
    string Phase,
    IReadOnlyList<string> Arguments,
    IReadOnlyList<string> Environment,
    IReadOnlyList<string> Binds,
    string User,
    IReadOnlyList<Func<CancellationToken, Task<Stream>>> Archives,
    string? Image = null);
