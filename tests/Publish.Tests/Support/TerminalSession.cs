using System.Text;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Apps;
using Xunit.Sdk;

namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>
/// <c>dotnet publish</c> as a user at an interactive terminal runs it: inside a detached tmux session (a
/// pseudo-terminal of its own, so dotnet picks the terminal logger by itself, as it does for a person), and what the
/// screen and its scrollback show once it ended, as plain text. Each session has a tmux server of its own (its own
/// socket), which is killed afterwards.
/// </summary>
public static class TerminalSession
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>Publishes <paramref name="project"/> (as <see cref="DotnetPublish"/> does) in a terminal; returns its exit code and the screen.</summary>
    public static async Task<(int ExitCode, string Screen)> PublishAsync(TestProject project, params string[] arguments)
    {
        var tmux = RequiredServices.RequireTool("tmux");
        var socket = $"bp-tl-{Guid.NewGuid():N}";
        var directory = Directory.CreateDirectory(Path.Combine(project.TempRoot, socket)).FullName;
        var exitFile = Path.Combine(directory, "exit-code");
        var script = Path.Combine(directory, "publish.sh");
        File.WriteAllText(script, Script(project, arguments, exitFile));
        try
        {
            // 250 columns, so the result line is never cut; -u: the terminal speaks UTF-8 (the logger's arrow).
            (await ProcessRunner.RunAsync(tmux, ["-u", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", "250", "-y", "50", "bash " + script], timeout: TimeSpan.FromSeconds(30)).ConfigureAwait(false))
                .EnsureSuccess("tmux new-session");
            var deadline = DateTime.UtcNow + Timeout;
            while (!File.Exists(exitFile) || File.ReadAllText(exitFile).Trim().Length == 0)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new XunitException($"dotnet publish in tmux did not end within {Timeout}:\n{await CaptureAsync(tmux, socket).ConfigureAwait(false)}");
                }

                await Task.Delay(500).ConfigureAwait(false);
            }

            // The logger's last frame is written before the exit code file; give the terminal a moment to draw it.
            await Task.Delay(500).ConfigureAwait(false);
            return (int.Parse(File.ReadAllText(exitFile).Trim(), System.Globalization.CultureInfo.InvariantCulture), await CaptureAsync(tmux, socket).ConfigureAwait(false));
        }
        finally
        {
            await ProcessRunner.RunAsync(tmux, ["-L", socket, "kill-server"], timeout: TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
    }

    // The whole scrollback, wrapped lines joined, without the terminal's escape codes.
    private static async Task<string> CaptureAsync(string tmux, string socket) =>
        (await ProcessRunner.RunAsync(tmux, ["-L", socket, "capture-pane", "-p", "-J", "-S", "-", "-E", "-"], timeout: TimeSpan.FromSeconds(30)).ConfigureAwait(false))
            .EnsureSuccess("tmux capture-pane").StandardOutput;

    // The same command and environment DotnetPublish gives a child process; then the exit code goes to a file and the
    // shell stays, so the screen can still be read.
    private static string Script(TestProject project, string[] arguments, string exitFile)
    {
        var text = new StringBuilder("set -u\n");
        foreach (var (name, value) in DotnetCli.Environment())
        {
            text.Append(value is null ? $"unset {name}\n" : $"export {name}={Quote(value)}\n");
        }

        text.Append(CultureInfo($"export TMPDIR={Quote(project.TempRoot)} LANG=C.UTF-8\n"));

        // 'dotnet test' tells its children that the terminal logger is off and that task output must go to stdout (both
        // for the test host's own output; either keeps the terminal logger away); a user's terminal says neither.
        text.Append("unset _MSBUILDTLENABLED MSBUILDENSURESTDOUTFORTASKPROCESSES\n");

        // A CI runner's variables (CI=true and its kin) make dotnet keep the terminal logger away even at a terminal, as
        // it should in CI; the person this session stands for has none of them.
        text.Append("unset CI TF_BUILD GITHUB_ACTIONS GITLAB_CI APPVEYOR TRAVIS CIRCLECI TEAMCITY_VERSION JENKINS_URL BUILD_ID BUILD_URL CODEBUILD_BUILD_ID JB_SPACE_API_URL\n");
        text.Append(CultureInfo($"cd {Quote(project.Directory)}\n"));
        text.Append("dotnet ").Append(string.Join(' ', DotnetPublish.Command(project, arguments).Select(Quote))).Append('\n');
        text.Append(CultureInfo($"echo $? > {Quote(exitFile)}\nexec sleep 3600\n"));
        return text.ToString();
    }

    private static string CultureInfo(FormattableString text) => FormattableString.Invariant(text);

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
