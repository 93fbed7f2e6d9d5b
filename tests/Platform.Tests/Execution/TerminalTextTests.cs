using Buildpacks.Platform.Execution;
using Xunit;

namespace Buildpacks.Platform.Tests.Execution;

/// <summary>A phase's output line reduced to the text a terminal would show.</summary>
public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("\u001b[31;1mERROR: \u001b[0mfailed to build: exit status 1", "ERROR: failed to build: exit status 1")]
    [InlineData("\u001b[33;1mWarning: \u001b[0mno cache", "Warning: no cache")]
    [InlineData("\u001b[36m===> DETECTING\u001b[0m", "===> DETECTING")]
    [InlineData("\u001b[1m\u001b[34mPaketo Buildpack for .NET Core SDK\u001b[0m 1.2.3", "Paketo Buildpack for .NET Core SDK 1.2.3")]
    [InlineData("\u001b]8;;https://example.com\u0007link\u001b]8;;\u0007 text", "link text")]
    [InlineData("\u001b[2K\u001b[1GDownloading", "Downloading")]
    [InlineData("Downloading 10%\rDownloading 55%\rDownloading 100%", "Downloading 100%")]
    [InlineData("line with a Windows ending\r", "line with a Windows ending")]
    [InlineData("plain [brackets] and = signs", "plain [brackets] and = signs")]
    [InlineData("", "")]
    public void A_line_keeps_its_words_and_loses_escape_sequences(string line, string text)
    {
        Assert.Equal(text, TerminalText.Plain(line));
    }

    [Fact]
    public void A_phase_line_reaches_the_log_and_the_failure_report_as_text()
    {
        var log = new CollectingBuildLog();
        var lines = new PhaseLines(log, "creator", quiet: false);

        lines.Add("\u001b[31;1mERROR: \u001b[0mfailed to build: exit status 1");

        Assert.Equal(["ERROR: failed to build: exit status 1"], lines.Last);
        Assert.Equal([("creator", "ERROR: failed to build: exit status 1")], log.Phases);
    }

    private sealed class CollectingBuildLog : IBuildLog
    {
        public List<(string Phase, string Line)> Phases { get; } = [];

        public void PhaseOutput(string phase, string line) => Phases.Add((phase, line));

        public void Progress(string message)
        {
        }

        public void Warning(global::Buildpacks.Platform.Diagnostics.CodedMessage message)
        {
        }

        public void Write(Lifecycle.Logging.LifecycleLogLevel level, string message)
        {
        }

        public void BuildpackOutput(Lifecycle.Logging.BuildpackOutputLine line)
        {
        }
    }
}
