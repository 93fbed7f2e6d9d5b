namespace Buildpacks.Stack.Tests;

/// <summary>build/stack.sh fails with a non-zero exit code and a message that names the problem.</summary>
public sealed class StackScriptFailureTests
{
    [Fact]
    public async Task Writing_nowhere_is_refused_before_any_work()
    {
        var run = await StackScript.RunAsync("--no-registry");

        Assert.NotEqual(0, run.Result.ExitCode);
        Assert.Contains("[stack] ERROR: --no-registry without --layout writes nothing", run.Result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_argument_is_refused()
    {
        var run = await StackScript.RunAsync("--colour", "blue");

        Assert.NotEqual(0, run.Result.ExitCode);
        Assert.Contains("unknown argument '--colour'", run.Result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registry_that_does_not_answer_fails_the_run_and_is_named()
    {
        // A port nothing listens on: bind one, note it, release it.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var address = $"127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();

        var run = await StackScript.RunAsync("--registry", address);

        Assert.NotEqual(0, run.Result.ExitCode);
        Assert.Contains("[stack] ERROR: writing the images failed", run.Result.StandardError, StringComparison.Ordinal);
        Assert.Contains(address, run.Result.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.Digests);
    }
}
