using System.Text.RegularExpressions;
using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.TestInfrastructure.Apps;

namespace Buildpacks.MSBuild.Publish.Tests;

/// <summary>
/// What a user sees without asking for more: at an interactive terminal (SDK 10's terminal logger, default verbosity)
/// the project's result line names the image with its digest, and "(up to date)" when the image step was skipped; in
/// a log (the console logger at the CLI's default verbosity, as in CI) one line per step and the summary.
/// </summary>
public sealed class TerminalOutputTests
{
    [Fact]
    public async Task TheTerminalLoggerShowsTheImageAndItsDigestThenUpToDateAndTheConsoleLoggerShowsTheSteps()
    {
        using var project = await TestProject.CreateAsync(AppKind.Console, "Hello at a terminal", "TerminalConsole");
        var image = SampleServices.UniqueRepository("terminal") + ":1";
        string[] arguments = [$"-p:BuildpackImage={image}", "-p:BuildpackPublish=true", "-p:BuildpackExecution=Local"];
        try
        {
            var (exitCode, screen) = await TerminalSession.PublishAsync(project, arguments);
            Assert.True(exitCode == 0, screen);
            var digest = await Skopeo.DigestAsync("docker://" + image);
            ShowsResult(screen, $"{image}@{digest}");

            // The terminal logger keeps its own lines short: the steps and the summary stay out of it at this verbosity.
            Assert.DoesNotContain("BP4100", screen, StringComparison.Ordinal);

            var (againExitCode, again) = await TerminalSession.PublishAsync(project, arguments);
            Assert.True(againExitCode == 0, again);
            ShowsResult(again, $"{image}@{digest} (up to date)");

            // A log: the console logger at dotnet's default verbosity (minimal) prints each step and the summary.
            var log = (await project.PublishAsync([.. arguments, "-tl:off", "-v:m", "-p:BuildpackForce=true"])).EnsureSucceeded();
            log.EnsureLogContains($"Building {image} with {SampleServices.Builder} (Local execution)");
            log.EnsureLogContains("===> DETECTING");
            log.EnsureLogContains("===> BUILDING");
            log.EnsureLogContains("===> EXPORTING");
            log.EnsureLogContains($"BP4100: Built {image}@");
            log.EnsureLogContains($"TerminalConsole -> {image}@");
            Assert.DoesNotContain("[buildpacks-msbuild/dotnet-app]", log.Log, StringComparison.Ordinal);
        }
        finally
        {
            await ImageRunner.RemoveImagesAsync(image);
        }
    }

    // The terminal logger's line for a finished project: "  App net10.0 succeeded (12.3s) → <result>".
    private static void ShowsResult(string screen, string result) =>
        Assert.True(
            Regex.IsMatch(screen, $@"^\s*TerminalConsole .*succeeded.* → {Regex.Escape(result)}\s*$", RegexOptions.Multiline),
            $"The screen has no result line '→ {result}':\n{screen}");
}
