using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;
using Xunit.Sdk;

namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>
/// Asserts that a publish left nothing of ours behind: no container, volume (cache volumes are kept on purpose) or image
/// carrying a build label (<see cref="LabelPrefix"/>) that was not there before it, and no temp dir (bp-*) in the
/// project's TMPDIR. Other test assemblies may run builds at the same time, labelled the same way, so a leftover counts
/// only if it is still there once such a build would have ended; a leak stays forever.
/// </summary>
public sealed class LeakCheck
{
    /// <summary>What every container, volume and ephemeral image the build makes is labelled with.</summary>
    public const string LabelPrefix = "io.buildpacks.msbuild";

    // Long enough for a build of another test assembly that was running beside ours to finish and clean up.
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(3);

    /// <summary>How the cache volumes of Container builds are named (they are kept between builds on purpose).</summary>
    public const string CacheVolumePrefix = "buildpacks-msbuild-cache-";

    private readonly HashSet<string> _before;
    private readonly HashSet<string> _volumesBefore;

    private LeakCheck(HashSet<string> before, HashSet<string> volumesBefore)
    {
        _before = before;
        _volumesBefore = volumesBefore;
    }

    /// <summary>Records what is there before a publish.</summary>
    public static async Task<LeakCheck> StartAsync()
    {
        await RequiredServices.RequireDockerAsync().ConfigureAwait(false);
        return new LeakCheck([.. await LabelledAsync().ConfigureAwait(false)], [.. await VolumesAsync().ConfigureAwait(false)]);
    }

    /// <summary>
    /// Runs <paramref name="test"/> (publishes of <paramref name="project"/> and checks of their images), then removes
    /// the cache volumes it made and asserts it left nothing else behind, whether or not the publishes succeeded.
    /// </summary>
    public static async Task AroundAsync(TestProject project, Func<Task> test)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(test);
        var leaks = await StartAsync().ConfigureAwait(false);
        try
        {
            await test().ConfigureAwait(false);
        }
        finally
        {
            await leaks.RemoveNewCacheVolumesAsync().ConfigureAwait(false);
        }

        await leaks.AssertNothingLeftAsync(project).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes the cache volumes made since <see cref="StartAsync"/>: every test image has a unique name, so its caches
    /// would otherwise pile up run after run. A volume in use (another build's) is refused by the daemon and stays.
    /// </summary>
    public async Task RemoveNewCacheVolumesAsync()
    {
        foreach (var volume in await VolumesAsync().ConfigureAwait(false))
        {
            if (volume.StartsWith(CacheVolumePrefix, StringComparison.Ordinal) && !_volumesBefore.Contains(volume))
            {
                await DockerTestCli.TryRunAsync("volume", "rm", volume).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Fails the test if the publish of <paramref name="project"/> left anything of ours behind.</summary>
    public async Task AssertNothingLeftAsync(TestProject project)
    {
        var tempDirs = Directory.EnumerateFileSystemEntries(project.TempRoot, "bp-*").ToList();
        if (tempDirs.Count > 0)
        {
            throw new XunitException($"The publish left temp dirs behind: {string.Join(", ", tempDirs)}");
        }

        // Only what is there right after the publish can be the publish's: anything labelled later belongs to a build
        // that started after it (another test assembly's). Of those, what another build is still using goes when that
        // build ends; a leak stays.
        var suspects = (await LabelledAsync().ConfigureAwait(false)).Where(thing => !_before.Contains(thing)).ToHashSet();
        var deadline = DateTime.UtcNow + Settle;
        while (suspects.Count > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new XunitException($"The publish left Docker objects with a {LabelPrefix} label behind:\n{string.Join('\n', suspects)}");
            }

            await Task.Delay(2000).ConfigureAwait(false);
            suspects.IntersectWith(await LabelledAsync().ConfigureAwait(false));
        }
    }

    // Everything labelled by a build, one line each: "container <id> <name>", "volume <name>", "image <id>".
    private static async Task<List<string>> LabelledAsync()
    {
        var things = new List<string>();
        foreach (var line in Lines(await DockerTestCli.RunAsync("ps", "--all", "--no-trunc", "--format", "{{.ID}} {{.Names}}\t{{.Labels}}").ConfigureAwait(false)))
        {
            var (what, labels) = Split(line);
            if (labels.Contains(LabelPrefix, StringComparison.Ordinal))
            {
                things.Add("container " + what);
            }
        }

        foreach (var line in Lines(await DockerTestCli.RunAsync("volume", "ls", "--format", "{{.Name}}\t{{.Labels}}").ConfigureAwait(false)))
        {
            var (name, labels) = Split(line);
            if (labels.Contains(LabelPrefix, StringComparison.Ordinal) && !IsCacheVolume(name, labels))
            {
                things.Add("volume " + name);
            }
        }

        var images = Lines(await DockerTestCli.RunAsync("image", "ls", "--all", "--quiet", "--no-trunc").ConfigureAwait(false)).Distinct().ToList();
        foreach (var line in await ImageLabelsAsync(images).ConfigureAwait(false))
        {
            var (id, labels) = Split(line);
            if (labels.Contains(LabelPrefix, StringComparison.Ordinal))
            {
                things.Add("image " + id);
            }
        }

        return things;
    }

    private static async Task<IEnumerable<string>> VolumesAsync() =>
        Lines(await DockerTestCli.RunAsync("volume", "ls", "--quiet").ConfigureAwait(false));

    // "<id>\t<labels as JSON>" per image; all in one call, or one by one when an image went meanwhile (another test
    // removing its own between the listing and the inspection).
    private static async Task<IEnumerable<string>> ImageLabelsAsync(List<string> images)
    {
        if (images.Count == 0)
        {
            return [];
        }

        string[] format = ["--format", "{{.Id}}\t{{json .Config.Labels}}"];
        var all = await DockerTestCli.TryRunAsync(["image", "inspect", .. format, .. images]).ConfigureAwait(false);
        if (all.ExitCode == 0)
        {
            return Lines(all.StandardOutput);
        }

        var lines = new List<string>();
        foreach (var image in images)
        {
            var one = await DockerTestCli.TryRunAsync(["image", "inspect", .. format, image]).ConfigureAwait(false);
            if (one.ExitCode == 0)
            {
                lines.AddRange(Lines(one.StandardOutput));
            }
        }

        return lines;
    }

    // Cache volumes outlive a build by design (the next build restores from them).
    private static bool IsCacheVolume(string name, string labels) =>
        name.StartsWith(CacheVolumePrefix, StringComparison.Ordinal) || labels.Contains(LabelPrefix + ".cache", StringComparison.Ordinal);

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static (string What, string Labels) Split(string line)
    {
        var tab = line.IndexOf('\t', StringComparison.Ordinal);
        return tab < 0 ? (line, string.Empty) : (line[..tab], line[(tab + 1)..]);
    }
}
