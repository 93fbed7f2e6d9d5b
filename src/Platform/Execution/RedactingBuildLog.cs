using Buildpacks.Lifecycle.Logging;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution;

/// <summary>
/// The build's log with its secrets taken out (<see cref="SecretBindings.Redact"/>): a buildpack that prints a secret it
/// was given, or a tool of it that echoes its command line, must not put the secret into MSBuild's log, the console or
/// the binary log. Every line of every phase, in both executions, passes through here.
/// </summary>
internal sealed class RedactingBuildLog(IBuildLog log, SecretBindings secrets) : IBuildLog
{
    /// <inheritdoc />
    public void Write(LifecycleLogLevel level, string message) => log.Write(level, secrets.Redact(message));

    /// <inheritdoc />
    public void BuildpackOutput(BuildpackOutputLine line) => log.BuildpackOutput(line with { Text = secrets.Redact(line.Text) });

    /// <inheritdoc />
    public void PhaseOutput(string phase, string line) => log.PhaseOutput(phase, secrets.Redact(line));

    /// <inheritdoc />
    public void Progress(string message) => log.Progress(secrets.Redact(message));

    /// <inheritdoc />
    public void Warning(CodedMessage message) => log.Warning(message with { Text = secrets.Redact(message.Text) });
}
