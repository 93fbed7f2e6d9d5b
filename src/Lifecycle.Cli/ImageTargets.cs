using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Archive;
using Buildpacks.Images.Stores.Daemon;
using Buildpacks.Lifecycle.Logging;

namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// Where an image phase reads and writes images, from its flags: a registry by default; the daemon with <c>-daemon</c>
/// (<c>CNB_USE_DAEMON</c>), through the Engine API over its socket; OCI layouts with <c>-layout</c> and
/// <c>-layout-dir</c> (<c>CNB_USE_LAYOUT</c>, <c>CNB_LAYOUT_DIR</c>; experimental in the Platform API); or, as an
/// extension of this lifecycle that the Platform API does not define, a docker-archive file with <c>-archive</c>
/// (<c>CNB_ARCHIVE_PATH</c>). As in the reference lifecycle, the run image is read where the app image goes (the daemon,
/// the layout directory), except for an archive, which holds only the app image: its run image comes from the registry.
/// Cache images always live in a registry.
/// </summary>
internal sealed class ImageTargets : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private DaemonImageStore? _daemon;
    private string? _temporaryDirectory;

    private ImageTargets(RegistryStore registry)
    {
        Registry = registry;
        App = registry;
        RunImages = registry;
        _owned.Add(registry);
    }

    /// <summary>Where the app image is written and the previous image read.</summary>
    public IImageStore App { get; private set; }

    /// <summary>Where the run image is read.</summary>
    public IImageStore RunImages { get; private set; }

    /// <summary>The registry (the default target, and where cache images live).</summary>
    public RegistryStore Registry { get; }

    /// <summary>Whether the app image goes to the daemon (tags may then name any registry).</summary>
    public bool UsesDaemon { get; private set; }

    /// <summary>The daemon's unix socket, when the daemon is used over one.</summary>
    public string? DaemonSocket { get; private set; }

    /// <summary>Defines <c>-daemon -layout -layout-dir -insecure-registry -archive</c>.</summary>
    public static GoFlags DefineFlags(GoFlags flags) =>
        flags.Bool("daemon").Bool("layout").String("layout-dir").Strings("insecure-registry").String("archive");

    /// <summary>Opens the stores <paramref name="inputs"/> ask for, with credentials for <paramref name="images"/> resolved now.</summary>
    /// <param name="inputs">The phase's flags and environment.</param>
    /// <param name="images">Every image the phase may touch in a registry (for the keychain).</param>
    /// <param name="launchCache"><c>-launch-cache</c>: where layers read from the daemon are kept; null for a temporary directory.</param>
    /// <param name="console">For the experimental-feature warning.</param>
    /// <param name="cancellationToken">Cancels credential helpers.</param>
    /// <exception cref="LifecycleException">Exit code 3 for conflicting targets; 1 for layout mode when experimental features are off.</exception>
    public static async Task<ImageTargets> OpenAsync(
        PhaseInputs inputs, IEnumerable<ImageReference> images, string? launchCache, ConsoleOutput console, CancellationToken cancellationToken)
    {
        var useDaemon = inputs.GetBool("daemon", "CNB_USE_DAEMON", false);
        var useLayout = inputs.GetBool("layout", "CNB_USE_LAYOUT", false);
        var layoutDir = inputs.GetOptional("layout-dir", "CNB_LAYOUT_DIR");
        var archive = inputs.GetOptional("archive", "CNB_ARCHIVE_PATH");
        if (new[] { useDaemon, useLayout, archive is not null }.Count(chosen => chosen) > 1)
        {
            throw new LifecycleException(LifecycleExitCodes.InvalidArguments, "failed to parse arguments: -daemon, -layout and -archive exclude each other");
        }

        if (useLayout)
        {
            if (layoutDir is null)
            {
                throw new LifecycleException(LifecycleExitCodes.InvalidArguments, "failed to parse arguments: -layout needs -layout-dir or CNB_LAYOUT_DIR");
            }

            ExperimentalMode.Guard("export to OCI layout", inputs.Environment, console);
        }

        var insecure = inputs.GetAll("insecure-registry", "CNB_INSECURE_REGISTRIES");
        var settings = await RegistryKeychain.ResolveAsync(inputs.Environment, images, insecure.ToList(), cancellationToken).ConfigureAwait(false);
        var targets = new ImageTargets(new RegistryStore(settings));
        if (useDaemon)
        {
            var cache = launchCache ?? targets.TemporaryDirectory();
            var daemon = new DaemonImageStore(new DaemonImageStoreOptions { CacheDirectory = cache });
            targets._owned.Add(daemon);
            targets._daemon = daemon;
            targets.App = daemon;
            targets.RunImages = daemon;
            targets.UsesDaemon = true;
            targets.DaemonSocket = daemon.Endpoint.UnixSocketPath;
        }
        else if (useLayout)
        {
            var layouts = new LayoutDirectoryStore(layoutDir!);
            targets.App = layouts;
            targets.RunImages = layouts;
        }
        else if (archive is not null)
        {
            targets.App = new ImageArchiveStore(Path.GetFullPath(archive));
        }

        console.Write(LifecycleLogLevel.Debug, $"Images: {targets.App.Description}; run images: {targets.RunImages.Description}");
        return targets;
    }

    /// <summary>
    /// Before the process gives up root: when the daemon's socket is root's, dials it now and keeps that connection, as
    /// the reference lifecycle does (<c>priv/docker.go</c>), for the build user may not open it (a Podman service's
    /// socket is 0600 root, Docker's 0660 root:docker).
    /// </summary>
    public async Task HoldDaemonConnectionAsync(CancellationToken cancellationToken)
    {
        if (_daemon is not null && DaemonSocket is { } socket && Privileges.OwnerOf(socket) is { Uid: 0 })
        {
            await _daemon.HoldConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Checks that every name is on the registry of the first (Platform API, "exporter": tags on another registry are
    /// refused unless the image goes to the daemon, which holds names of any registry).
    /// </summary>
    /// <exception cref="LifecycleException">Exit code 3 when they differ.</exception>
    public void EnsureSameRegistry(IReadOnlyList<ImageReference> names)
    {
        if (UsesDaemon || names.Count == 0)
        {
            return;
        }

        if (names.FirstOrDefault(n => n.Registry != names[0].Registry) is { } other)
        {
            throw new LifecycleException(
                LifecycleExitCodes.InvalidArguments,
                $"failed to parse arguments: writing to registry: all images must be in the same registry ('{names[0]}', '{other}')");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        if (_temporaryDirectory is not null && Directory.Exists(_temporaryDirectory))
        {
            Directory.Delete(_temporaryDirectory, recursive: true);
        }
    }

    // Not created here: the store makes it on first use, after the phase became the build user, so the user owns it.
    private string TemporaryDirectory() =>
        _temporaryDirectory = Path.Combine(Path.GetTempPath(), $"lifecycle-daemon-{Guid.NewGuid():N}");
}
