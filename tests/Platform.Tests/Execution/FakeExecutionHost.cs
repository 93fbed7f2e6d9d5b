using Buildpacks.Platform.Execution;

namespace Buildpacks.Platform.Tests.Execution;

/// <summary>A machine as the execution rules see it, with a daemon that answers or not, and executions that record their builds.</summary>
internal sealed class FakeExecutionHost(bool isLinux, bool daemonAnswers) : IExecutionHost
{
    public const string Endpoint = "unix:///fake/docker.sock";

    public int Probes { get; private set; }

    public RecordingExecution ContainerExecution { get; } = new("Container");

    public RecordingExecution LocalExecution { get; } = new("Local");

    public bool IsLinux => isLinux;

    public string DaemonEndpoint(string? dockerHost) => dockerHost ?? Endpoint;

    public Task<bool> DaemonAnswersAsync(string? dockerHost, CancellationToken cancellationToken)
    {
        Probes++;
        return Task.FromResult(daemonAnswers);
    }

    public IBuildExecution Container() => ContainerExecution;

    public IBuildExecution Local() => LocalExecution;

    /// <summary>An execution that builds nothing, records each request and answers with a fixed result.</summary>
    internal sealed class RecordingExecution(string name) : IBuildExecution
    {
        public List<BuildRequest> Requests { get; } = [];

        public string Name => name;

        public Task<BuildResult> BuildAsync(BuildRequest request, IBuildLog log, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new BuildResult([.. request.Tags.Select(t => t.ToString())], "sha256:" + new string('a', 64), "sha256:" + new string('b', 64)));
        }
    }
}
