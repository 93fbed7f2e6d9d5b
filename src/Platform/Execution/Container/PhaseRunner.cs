using System.Text;
using Buildpacks.Images.Engine;
using Buildpacks.Images.Model;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// Runs one lifecycle phase in a container: create (labelled, registered for removal), copy archives in, attach, start,
/// stream every output line to <see cref="IBuildLog.PhaseOutput"/> as it comes, wait for the exit code. A cancel kills
/// the container at once; its removal is left to <see cref="BuildResources"/> (or the caller, once it has read files
/// back from it).
/// </summary>
internal sealed class PhaseRunner(IContainerEngine engine, DaemonErrors errors, BuildResources resources, IBuildLog log, string image, string networkMode, ImagePlatform? platform)
{
    /// <summary>
    /// Runs <paramref name="spec"/> and returns how it ended; the container is left for the caller to read from. A
    /// <paramref name="quiet"/> run's output goes to the log at debug level only (the caller reads it from the outcome).
    /// </summary>
    public async Task<PhaseOutcome> RunAsync(PhaseSpec spec, CancellationToken cancellationToken, bool quiet = false)
    {
        if (!quiet)
        {
            log.Progress($"Running the {spec.Phase}");
        }

        var creating = StepTimer.Start(log, $"Creating the {spec.Phase} container");
        var id = await errors.RunAsync($"create the {spec.Phase} container", () => engine.CreateContainerAsync(
            new ContainerSpec
            {
                Image = spec.Image ?? image,
                Entrypoint = [$"/cnb/lifecycle/{spec.Phase}"],
                Command = spec.Arguments,
                Environment = spec.Environment,
                User = spec.User,
                Labels = resources.Labels,
                Binds = spec.Binds,
                NetworkMode = networkMode,

                // SELinux hosts refuse the daemon socket and volumes to a labelled container (Spring Boot's fix).
                SecurityOptions = ["label=disable"],

                // BuildpackPlatform: the daemon runs the image of that platform (API 1.41; older daemons ignore it).
                Platform = platform,
            },
            cancellationToken)).ConfigureAwait(false);
        resources.AddContainer(id);
        creating.Dispose();

        var copying = StepTimer.Start(log, $"Copying files into the {spec.Phase} container");
        foreach (var archive in spec.Archives)
        {
            var content = await archive(cancellationToken).ConfigureAwait(false);
            await using (content.ConfigureAwait(false))
            {
                await errors.RunAsync($"copy files into the {spec.Phase} container", () => engine.CopyIntoContainerAsync(id, "/", content, cancellationToken)).ConfigureAwait(false);
            }
        }

        copying.Dispose();

        // Attached before the start, so no line is lost (as pack does); Spring Boot follows the logs after it instead,
        // which depends on the daemon's log driver keeping them.
        using var output = await errors.RunAsync($"attach to the {spec.Phase} container", () => engine.AttachAsync(id, cancellationToken)).ConfigureAwait(false);

        // A socket read does not always notice a cancelled token: killing the container ends the stream at once.
        using var onCancel = cancellationToken.Register(() => _ = KillAsync(id));
        using var running = StepTimer.Start(log, $"The {spec.Phase} container");
        await errors.RunAsync($"start the {spec.Phase} container", () => engine.StartContainerAsync(id, cancellationToken)).ConfigureAwait(false);

        var lines = await StreamAsync(spec.Phase, output, quiet, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var exit = await errors.RunAsync($"wait for the {spec.Phase} container", () => engine.WaitContainerAsync(id, cancellationToken)).ConfigureAwait(false);
        return new PhaseOutcome(spec.Phase, id, exit, lines);
    }

    private async Task KillAsync(string id)
    {
        try
        {
            await engine.KillContainerAsync(id, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Already stopped, or removed: the cleanup that follows force-removes it anyway.
            log.Write(Lifecycle.Logging.LifecycleLogLevel.Debug, $"Could not kill container {id}: {e.Message}");
        }
    }

    // Docker multiplexes stdout and stderr into frames; each stream is split into lines of its own.
    private async Task<IReadOnlyList<string>> StreamAsync(string phase, MultiplexedStreamReader output, bool quiet, CancellationToken cancellationToken)
    {
        var lines = new PhaseLines(log, phase, quiet);
        void Emit(string line) => lines.Add(line);

        var splitters = new Dictionary<ContainerOutputKind, LineSplitter>();
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await output.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read.IsEnd)
                {
                    break;
                }

                if (!splitters.TryGetValue(read.Kind, out var splitter))
                {
                    splitter = splitters[read.Kind] = new LineSplitter();
                }

                splitter.Add(buffer.AsSpan(0, read.Count), Emit);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidDataException && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        foreach (var splitter in splitters.Values)
        {
            splitter.Flush(Emit);
        }

        return lines.Last;
    }

    private sealed class LineSplitter
    {
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
        private readonly StringBuilder _line = new();
        private char[] _chars = new char[1024];

        public void Add(ReadOnlySpan<byte> bytes, Action<string> emit)
        {
            var needed = _decoder.GetCharCount(bytes, flush: false);
            if (needed > _chars.Length)
            {
                _chars = new char[needed];
            }

            var count = _decoder.GetChars(bytes, _chars, flush: false);
            foreach (var c in _chars.AsSpan(0, count))
            {
                if (c == '\n')
                {
                    emit(_line.ToString().TrimEnd('\r'));
                    _line.Clear();
                }
                else
                {
                    _line.Append(c);
                }
            }
        }

        public void Flush(Action<string> emit)
        {
            if (_line.Length > 0)
            {
                emit(_line.ToString().TrimEnd('\r'));
                _line.Clear();
            }
        }
    }
}

/// <summary>How a phase ended.</summary>
/// <param name="Phase">The phase.</param>
/// <param name="ContainerId">Its container (still there, stopped).</param>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="LastLines">The last lines it printed.</param>
internal sealed record PhaseOutcome(string Phase, string ContainerId, int ExitCode, IReadOnlyList<string> LastLines);
