using System.Diagnostics;

namespace Buildpacks.Lifecycle.Tests.Launch;

/// <summary>
/// The NativeAOT launcher executable run as the entrypoint of a fake app image: through a <c>/cnb/process/&lt;type&gt;</c>
/// style symlink, with <c>--</c>, and through the shell.
/// </summary>
public sealed class LauncherBinaryTests : IDisposable
{
    private const string Processes = """
        [[processes]]
        type = "web"
        command = ["/bin/sh", "-c", "echo \"web: $GREETING ($SECRET_FROM_EXEC_D)\"; exit 7"]
        buildpack-id = "test/bp"
        direct = true

        """;

    private readonly LaunchApp _app = new();

    public LauncherBinaryTests()
    {
        _app.WriteMetadata([("test/bp", "0.10")], Processes);
        var layer = _app.AddLayer("test/bp", "runtime");
        LaunchApp.WriteFile(layer, "env.launch/GREETING", "hello from a layer");
    }

    public void Dispose() => _app.Dispose();

    private async Task<(int Code, string Stdout, string Stderr, int Pid)> RunAsync(string executable, params string[] args)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["CNB_PLATFORM_API"] = "0.15";
        start.Environment["CNB_APP_DIR"] = _app.AppDir;
        start.Environment["CNB_LAYERS_DIR"] = _app.LayersDir;
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr, process.Id);
    }

    // Bit n-1 of /proc/<pid>/status's Sig* masks is signal n (SIGINT 2, SIGQUIT 3, SIGPIPE 13).
    private const ulong SigIntBit = 1UL << 1;
    private const ulong SigQuitBit = 1UL << 2;
    private const ulong SigPipeBit = 1UL << 12;

    private static ulong SignalMask(string procStatus, string field) =>
        ulong.Parse(
            procStatus.Split('\n').Single(l => l.StartsWith(field + ":", StringComparison.Ordinal))[(field.Length + 1)..].Trim(),
            System.Globalization.NumberStyles.HexNumber,
            System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> ProcessSymlinkAsync(string type)
    {
        var processDir = Path.Combine(_app.Root, "cnb", "process");
        Directory.CreateDirectory(processDir);
        var link = Path.Combine(processDir, type);
        File.CreateSymbolicLink(link, await LauncherBinary.PathAsync());
        return link;
    }

    [Fact]
    public async Task The_binary_is_at_most_5_MB()
    {
        Assert.InRange(new FileInfo(await LauncherBinary.PathAsync()).Length, 1, 5 * 1024 * 1024);
    }

    [Fact]
    public async Task A_process_symlink_runs_that_process_with_the_layer_env_and_its_exit_code()
    {
        var result = await RunAsync(await ProcessSymlinkAsync("web"));

        Assert.Equal(7, result.Code);
        Assert.Equal("web: hello from a layer ()\n", result.Stdout);
    }

    [Fact]
    public async Task Exec_d_output_reaches_the_process()
    {
        LaunchApp.WriteScript(Path.Combine(_app.LayersDir, "test_bp", "runtime"), "exec.d/secret", """echo 'SECRET_FROM_EXEC_D = "s3cret"' >&3""");

        var result = await RunAsync(await ProcessSymlinkAsync("web"));

        Assert.Equal("web: hello from a layer (s3cret)\n", result.Stdout);
    }

    [Fact]
    public async Task A_failing_exec_d_stops_the_launch_with_82()
    {
        LaunchApp.WriteScript(Path.Combine(_app.LayersDir, "test_bp", "runtime"), "exec.d/broken", "exit 1");

        var result = await RunAsync(await ProcessSymlinkAsync("web"));

        Assert.Equal(82, result.Code);
        Assert.Equal("", result.Stdout);
        Assert.Contains("exec.d", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_double_dash_runs_the_command_directly_with_arguments_verbatim()
    {
        var result = await RunAsync(await LauncherBinary.PathAsync(), "--", "printf", "[%s]", "$GREETING", "a b");

        Assert.Equal(0, result.Code);
        Assert.Equal("[$GREETING][a b]", result.Stdout);
    }

    [Fact]
    public async Task A_command_without_double_dash_runs_through_the_shell()
    {
        var result = await RunAsync(await LauncherBinary.PathAsync(), "echo \"$GREETING\" | tr a-z A-Z");

        Assert.Equal(0, result.Code);
        Assert.Equal("HELLO FROM A LAYER\n", result.Stdout);
    }

    [Fact]
    public async Task The_launcher_replaces_itself_with_the_process()
    {
        var result = await RunAsync(await LauncherBinary.PathAsync(), "--", "/bin/sh", "-c", "echo $$");

        Assert.Equal(0, result.Code);
        Assert.Equal(result.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Stdout.Trim());
    }

    [Fact]
    public async Task The_process_starts_with_no_signal_blocked_and_only_the_signals_its_parent_ignored_ignored()
    {
        // The launcher unblocks every signal and undoes the SIGPIPE the .NET runtime ignores for itself, and nothing
        // else: execve keeps what the launcher's parent ignored ignored (POSIX; so does the reference launcher), as
        // `nohup` relies on. The runner of these tests may have started them with signals ignored (a background job,
        // nohup, some CI runners ignore SIGINT and SIGQUIT), so the expectation is what a command this harness starts
        // directly inherits, SIGPIPE aside.
        string[] status = ["grep", "-E", "^Sig(Ign|Blk)", "/proc/self/status"];
        var launched = await RunAsync(await LauncherBinary.PathAsync(), ["--", .. status]);
        var direct = await RunAsync(status[0], status[1..]);

        Assert.Equal(0, launched.Code);
        Assert.Equal($"SigBlk:\t0000000000000000\nSigIgn:\t{SignalMask(direct.Stdout, "SigIgn") & ~SigPipeBit:x16}\n", launched.Stdout);
    }

    [Fact]
    public async Task A_signal_the_launchers_parent_ignored_stays_ignored_in_the_process()
    {
        // Started from a shell that ignores SIGINT and SIGQUIT, whatever the runner's own dispositions are.
        var launched = await RunAsync(
            "/bin/sh", "-c", "trap '' INT QUIT; exec \"$0\" \"$@\"", await LauncherBinary.PathAsync(), "--", "grep", "^SigIgn", "/proc/self/status");

        Assert.Equal(0, launched.Code);
        var ignored = SignalMask(launched.Stdout, "SigIgn");
        Assert.Equal(SigIntBit | SigQuitBit, ignored & (SigIntBit | SigQuitBit));
        Assert.Equal(0UL, ignored & SigPipeBit);
    }

    [Fact]
    public async Task The_process_inherits_no_descriptor_of_the_launcher()
    {
        // ls lists its own descriptors (0-2 and the one it reads the directory with), the same as when started directly.
        var launched = await RunAsync(await LauncherBinary.PathAsync(), "--", "ls", "/proc/self/fd");
        var direct = await RunAsync("ls", "/proc/self/fd");

        Assert.Equal(0, launched.Code);
        Assert.Equal(direct.Stdout, launched.Stdout);
    }

    [Fact]
    public async Task An_unknown_command_fails_with_82()
    {
        var result = await RunAsync(await LauncherBinary.PathAsync(), "--", "no-such-command");

        Assert.Equal(82, result.Code);
        Assert.Contains("no-such-command", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_CNB_PLATFORM_API_the_launcher_fails_with_11()
    {
        var start = new ProcessStartInfo(await LauncherBinary.PathAsync(), ["--", "true"]) { RedirectStandardError = true };
        start.Environment.Remove("CNB_PLATFORM_API");
        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(11, process.ExitCode);
        Assert.Contains("CNB_PLATFORM_API", stderr, StringComparison.Ordinal);
    }
}
