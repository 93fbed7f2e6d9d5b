using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;

namespace Buildpacks.Platform.Tests.Execution;

public sealed class ExecutionSelectionTests
{
    private static Task<ExecutionChoice> Choose(ExecutionChoice choice, FakeExecutionHost host, ImageDestinationKind destination = ImageDestinationKind.Registry) =>
        ExecutionSelection.ChooseAsync(choice, destination, null, host, CancellationToken.None);

    [Fact]
    public async Task Auto_is_Container_when_a_daemon_answers()
    {
        Assert.Equal(ExecutionChoice.Container, await Choose(ExecutionChoice.Auto, new FakeExecutionHost(isLinux: true, daemonAnswers: true)));
        Assert.Equal(ExecutionChoice.Container, await Choose(ExecutionChoice.Auto, new FakeExecutionHost(isLinux: false, daemonAnswers: true)));
    }

    [Fact]
    public async Task Auto_is_Local_on_Linux_when_no_daemon_answers()
    {
        Assert.Equal(ExecutionChoice.Local, await Choose(ExecutionChoice.Auto, new FakeExecutionHost(isLinux: true, daemonAnswers: false)));
    }

    [Fact]
    public async Task Auto_with_no_daemon_off_Linux_is_BP1018_naming_the_endpoint()
    {
        var error = await Assert.ThrowsAsync<CodedException>(() => Choose(ExecutionChoice.Auto, new FakeExecutionHost(isLinux: false, daemonAnswers: false)));

        Assert.Equal("BP1018", error.Coded.Code);
        Assert.Contains(FakeExecutionHost.Endpoint, error.Coded.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Container_is_taken_as_asked_without_asking_the_daemon()
    {
        var host = new FakeExecutionHost(isLinux: true, daemonAnswers: false);

        Assert.Equal(ExecutionChoice.Container, await Choose(ExecutionChoice.Container, host, ImageDestinationKind.Daemon));
        Assert.Equal(0, host.Probes);
    }

    [Theory]
    [InlineData(ImageDestinationKind.Registry)]
    [InlineData(ImageDestinationKind.Layout)]
    [InlineData(ImageDestinationKind.Archive)]
    public async Task Local_to_a_store_of_its_own_never_asks_the_daemon(ImageDestinationKind destination)
    {
        var host = new FakeExecutionHost(isLinux: true, daemonAnswers: false);

        Assert.Equal(ExecutionChoice.Local, await Choose(ExecutionChoice.Local, host, destination));
        Assert.Equal(0, host.Probes);
    }

    [Fact]
    public async Task Local_to_the_daemon_needs_a_daemon_that_answers_else_BP1006()
    {
        Assert.Equal(ExecutionChoice.Local, await Choose(ExecutionChoice.Local, new FakeExecutionHost(isLinux: true, daemonAnswers: true), ImageDestinationKind.Daemon));

        var error = await Assert.ThrowsAsync<CodedException>(() => Choose(ExecutionChoice.Local, new FakeExecutionHost(isLinux: true, daemonAnswers: false), ImageDestinationKind.Daemon));
        Assert.Equal("BP1006", error.Coded.Code);
    }

    [Fact]
    public async Task Auto_asks_the_daemon_once_even_when_the_destination_needs_it_too()
    {
        var host = new FakeExecutionHost(isLinux: true, daemonAnswers: false);

        await Assert.ThrowsAsync<CodedException>(() => Choose(ExecutionChoice.Auto, host, ImageDestinationKind.Daemon));

        Assert.Equal(1, host.Probes);
    }

    [Fact]
    public async Task Local_off_Linux_is_left_to_Local_execution_which_says_why_itself()
    {
        Assert.Equal(ExecutionChoice.Local, await Choose(ExecutionChoice.Local, new FakeExecutionHost(isLinux: false, daemonAnswers: false), ImageDestinationKind.Daemon));
    }
}
