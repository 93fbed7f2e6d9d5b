using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Launch;
using Buildpacks.Lifecycle.Platform;
using Buildpacks.Lifecycle.Tests.Support;

namespace Buildpacks.Lifecycle.Tests.Launch;

/// <summary>
/// A fake app image on disk for launcher tests: an app dir and a layers dir with <c>config/metadata.toml</c> and
/// buildpack layers, written the way the builder and exporter leave them.
/// </summary>
public sealed class LaunchApp : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("launch-").FullName;

    public LaunchApp()
    {
        Directory.CreateDirectory(AppDir);
        Directory.CreateDirectory(Path.Combine(LayersDir, "config"));
    }

    public string Root => _root;

    public string AppDir => Path.Combine(_root, "workspace");

    public string LayersDir => Path.Combine(_root, "layers");

    public RecordingLog Log { get; } = new();

    /// <summary>The launcher's own environment in tests.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal)
    {
        ["PATH"] = "/cnb/process:/cnb/lifecycle:/usr/local/bin:/usr/bin:/bin",
        ["HOME"] = "/home/cnb",
    };

    public LauncherInputs Inputs(string platformApi = "0.15", string execEnv = "production") =>
        new(AppDir, LayersDir, execEnv, PlatformApi.Resolve(platformApi));

    /// <summary>Writes metadata.toml: buildpacks as (id, api), then the given <c>[[processes]]</c> tables.</summary>
    public void WriteMetadata(IEnumerable<(string Id, string Api)> buildpacks, string processesToml = "")
    {
        var text = string.Concat(buildpacks.Select(b => $"[[buildpacks]]\nid = \"{b.Id}\"\nversion = \"1.0.0\"\napi = \"{b.Api}\"\n\n"));
        File.WriteAllText(Path.Combine(LayersDir, "config", "metadata.toml"), text + processesToml);
    }

    /// <summary>Creates <c>&lt;layers&gt;/&lt;escaped id&gt;/&lt;layer&gt;/</c> with its <c>&lt;layer&gt;.toml</c>; returns the layer dir.</summary>
    public string AddLayer(string buildpackId, string layer)
    {
        var buildpackDir = Path.Combine(LayersDir, BuildpackId.Escape(buildpackId));
        var dir = Path.Combine(buildpackDir, layer);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(buildpackDir, layer + ".toml"), "[types]\nlaunch = true\n");
        return dir;
    }

    /// <summary>Writes a file under <paramref name="dir"/> (creating parents); contents verbatim.</summary>
    public static string WriteFile(string dir, string relativePath, string contents)
    {
        var path = Path.Combine(dir, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, contents);
        return path;
    }

    /// <summary>Writes an executable shell script.</summary>
    public static string WriteScript(string dir, string relativePath, string body)
    {
        var path = WriteFile(dir, relativePath, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    public Launcher Launcher(string platformApi = "0.15", string execEnv = "production") =>
        Lifecycle.Launch.Launcher.Load(Inputs(platformApi, execEnv), Log);

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
