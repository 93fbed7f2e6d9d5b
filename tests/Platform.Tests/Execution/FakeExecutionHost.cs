using System.Collections.Concurrent;
using Buildpacks.Platform.Execution;

namespace Buildpacks.Platform.Tests.Execution;

/// <summary>
/// A machine as the execution rules see it, with a daemon that answers or not, executions that record their builds,
/// and a registry and daemon that are a dictionary of names: what each build wrote and used is there, and a test may
/// move or remove a name.
/// </summary>
internal sealed class FakeExecutionHost(bool isLinux, bool daemonAnswers) : IExecutionHost
{
    public const string Endpoint = "unix:///fake/docker.sock";

    /// <summary>The digest every recorded build writes.</summary>
    public const string ImageDigest = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    /// <summary>The image ID every recorded build writes.</summary>
    public const string ImageId = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    /// <summary>The digest the builder's name resolves to until a test moves it.</summary>
    public const string BuilderDigest = "sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";

    public int Probes { get; private set; }

    /// <summary>What each (store, name) resolves to; absent names are not there.</summary>
    public ConcurrentDictionary<(ImageOrigin Origin, string Name), string> Names { get; } = new();

    public RecordingExecution ContainerExecution => field ??= new("Container", Names);

    public RecordingExecution LocalExecution => field ??= new("Local", Names);

    public bool IsLinux => isLinux;

    public string BuildLockDirectory { get; } = Path.Combine(Path.GetTempPath(), "bp-test-build-locks");

    public string DaemonEndpoint(string? dockerHost) => dockerHost ?? Endpoint;

    public Task<bool> DaemonAnswersAsync(string? dockerHost, CancellationToken cancellationToken)
    {
        Probes++;
        return Task.FromResult(daemonAnswers);
    }

    public IBuildExecution Container() => ContainerExecution;

    public IBuildExecution Local() => LocalExecution;

    public Task<string?> ResolveAsync(ImageOrigin origin, string name, BuildRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(Names.TryGetValue((origin, name), out var digest) ? digest : null);

    /// <summary>
    /// An execution that builds nothing, records each request and answers with a fixed result: the image written to
    /// the registry or daemon of the names, the builder used as its registry name resolves.
    /// </summary>
    internal sealed class RecordingExecution(string name, ConcurrentDictionary<(ImageOrigin Origin, string Name), string> names) : IBuildExecution
    {
        public List<BuildRequest> Requests { get; } = [];

        /// <summary>The requests of each <see cref="PrepareAsync"/>.</summary>
        public List<BuildRequest> Prepared { get; } = [];

        public Task PrepareAsync(BuildRequest request, CancellationToken cancellationToken)
        {
            Prepared.Add(request);
            return Task.CompletedTask;
        }

        public string Name => name;

        /// <summary>Called with each request and log while the build "runs" (to look at what it is given, or fail it).</summary>
        public Action<BuildRequest, IBuildLog>? OnBuild { get; set; }

        public Task<BuildResult> BuildAsync(BuildRequest request, IBuildLog log, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            OnBuild?.Invoke(request, log);
            var builder = request.Builder.ToString();
            var used = names.GetOrAdd((ImageOrigin.Registry, builder), BuilderDigest);
            foreach (var tag in request.Tags)
            {
                if (request.Destination.Kind == ImageDestinationKind.Registry)
                {
                    names[(ImageOrigin.Registry, tag.ToString())] = ImageDigest;
                }
                else if (request.Destination.Kind == ImageDestinationKind.Daemon)
                {
                    names[(ImageOrigin.Daemon, tag.ToString())] = ImageId;
                }
            }

            return Task.FromResult(new BuildResult([.. request.Tags.Select(t => t.ToString())], ImageDigest, ImageId)
            {
                Inputs = [new ResolvedImage(builder, ImageOrigin.Registry, used)],
            });
        }
    }
}
