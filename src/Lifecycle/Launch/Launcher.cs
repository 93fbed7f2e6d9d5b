using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Toml;

namespace Buildpacks.Lifecycle.Launch;

/// <summary>
/// The launcher of an app image (Platform API, "launcher"; Buildpack API, "Launch"): reads
/// <c>&lt;layers&gt;/config/metadata.toml</c>, resolves the process, builds its environment from the launch layers and
/// exec.d, and yields the <see cref="LaunchCommand"/> that <see cref="ProcessReplacement"/> then executes in place of
/// the launcher.
/// </summary>
public sealed class Launcher
{
    private readonly LauncherInputs _inputs;
    private readonly BuildMetadata _metadata;
    private readonly ILifecycleLog _log;

    /// <summary>Creates a launcher over already-read build metadata whose buildpack APIs are checked.</summary>
    public Launcher(LauncherInputs inputs, BuildMetadata metadata, ILifecycleLog log)
    {
        _inputs = inputs;
        _metadata = metadata;
        _log = log;
    }

    /// <summary>Reads metadata.toml and checks that every buildpack's API is supported.</summary>
    /// <exception cref="LifecycleException">
    /// The metadata cannot be read (exit code 82) or a buildpack API is unsupported (exit code 12).
    /// </exception>
    public static Launcher Load(LauncherInputs inputs, ILifecycleLog log)
    {
        BuildMetadata metadata;
        try
        {
            metadata = MetadataToml.Read(inputs.MetadataPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TomlFileException)
        {
            throw new LifecycleException(LauncherExitCodes.LaunchFailed, $"read metadata: {e.Message}", e);
        }

        foreach (var buildpack in metadata.Buildpacks)
        {
            BuildpackApi.Resolve(buildpack.Api, $"buildpack {buildpack}");
        }

        return new Launcher(inputs, metadata, log);
    }

    /// <summary>
    /// Decides what to execute for the launcher's <paramref name="argv0"/> and <paramref name="args"/>, running the
    /// exec.d executables of the launch layers on the way.
    /// </summary>
    /// <param name="argv0">The launcher's <c>argv[0]</c> (a <c>/cnb/process/&lt;type&gt;</c> symlink or the launcher).</param>
    /// <param name="args">The arguments after <c>argv[0]</c>.</param>
    /// <param name="environment">The launcher's own environment.</param>
    /// <exception cref="LifecycleException">The launch cannot proceed (exit code 82).</exception>
    public LaunchCommand Prepare(string argv0, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var process = new ProcessResolver(_metadata, _inputs, _log)
            .Resolve(argv0, args, environment.GetValueOrDefault("CNB_PROCESS_TYPE"));
        var layers = LaunchLayers.Enumerate(_inputs.LayersDir, _metadata.Buildpacks.Select(b => b.Id));
        var env = BuildEnvironment(process.Type, environment, layers);

        if (!process.Direct)
        {
            var profiles = ShellLaunch.Profiles(layers, process.Type, _inputs.AppDir);
            return ShellLaunch.Create(process, profiles, argv0, env.Variables, _inputs.AppDir);
        }

        var executable = ExecutableLookup.Find(process.Command, env.Variables.GetValueOrDefault("PATH"), _inputs.AppDir);
        return new LaunchCommand(executable, [process.Command, .. process.Args], env.Variables, process.WorkingDirectory);
    }

    /// <summary>
    /// The launch environment: the layers' paths and env files, buildpack by buildpack (each buildpack's layer paths
    /// before its env files, as the reference lifecycle does), then every exec.d executable in launch order, each
    /// seeing the output of the ones before it.
    /// </summary>
    private LaunchEnvironment BuildEnvironment(
        string? processType,
        IReadOnlyDictionary<string, string> environment,
        IReadOnlyList<string> layers)
    {
        var env = LaunchEnvironment.Inherit(environment);
        foreach (var buildpack in _metadata.Buildpacks)
        {
            var buildpackLayers = LaunchLayers.Enumerate(_inputs.LayersDir, [buildpack.Id]);
            foreach (var layer in buildpackLayers)
            {
                env.AddLayerPaths(layer);
            }

            foreach (var layer in buildpackLayers)
            {
                env.ApplyLayerEnv(layer, processType);
            }
        }

        // The reference lifecycle runs a layer's exec.d/ and then its exec.d/<type>/ before moving to the next layer.
        foreach (var layer in layers)
        {
            var executables = LaunchLayers.FilesIn(Path.Combine(layer, "exec.d"));
            if (!string.IsNullOrEmpty(processType))
            {
                executables = [.. executables, .. LaunchLayers.FilesIn(Path.Combine(layer, "exec.d", processType))];
            }

            foreach (var executable in executables)
            {
                env.Set(ExecDRunner.Run(executable, _inputs.AppDir, env.Variables));
            }
        }

        return env;
    }
}
