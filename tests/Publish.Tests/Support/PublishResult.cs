using Xunit.Sdk;

namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>A finished <c>dotnet publish</c>: its exit code and its whole log (stdout and stderr, normal verbosity).</summary>
/// <param name="ExitCode">The exit code of dotnet.</param>
/// <param name="Log">Everything it printed.</param>
/// <param name="CommandLine">The command, for failure messages.</param>
public sealed record PublishResult(int ExitCode, string Log, string CommandLine)
{
    /// <summary>How the test projects' ShowBuildpackOutputs target prefixes each output property it logs.</summary>
    public const string OutputPrefix = "buildpack-output: ";

    /// <summary>
    /// The value of the task's output property <paramref name="name"/> as a later target saw it (logged by the test
    /// project's ShowBuildpackOutputs target); fails the test when it was not logged.
    /// </summary>
    public string Output(string name)
    {
        var marker = OutputPrefix + name + "=";
        var line = Log.Split('\n').LastOrDefault(line => line.Contains(marker, StringComparison.Ordinal))
            ?? throw new XunitException($"'{CommandLine}' logged no {name}:\n{Log}");
        return line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Trim();
    }

    /// <summary>Fails the test, with the log, unless the publish succeeded.</summary>
    public PublishResult EnsureSucceeded()
    {
        if (ExitCode != 0)
        {
            throw new XunitException($"'{CommandLine}' failed with exit code {ExitCode}:\n{Log}");
        }

        return this;
    }

    /// <summary>Fails the test unless the publish failed with MSBuild error <paramref name="code"/> (e.g. BP1001).</summary>
    public PublishResult EnsureFailedWith(string code)
    {
        if (ExitCode == 0)
        {
            throw new XunitException($"'{CommandLine}' succeeded; expected error {code}:\n{Log}");
        }

        if (!Log.Contains($"error {code}: ", StringComparison.Ordinal))
        {
            throw new XunitException($"'{CommandLine}' failed, but not with error {code}:\n{Log}");
        }

        return this;
    }

    /// <summary>The text of the first line that holds MSBuild error <paramref name="code"/>.</summary>
    public string ErrorLine(string code) =>
        Log.Split('\n').FirstOrDefault(line => line.Contains($"error {code}: ", StringComparison.Ordinal))
        ?? throw new XunitException($"No error {code} in:\n{Log}");

    /// <summary>Fails the test unless the log holds <paramref name="text"/>.</summary>
    public PublishResult EnsureLogContains(string text)
    {
        if (!Log.Contains(text, StringComparison.Ordinal))
        {
            throw new XunitException($"The log of '{CommandLine}' does not hold '{text}':\n{Log}");
        }

        return this;
    }
}
