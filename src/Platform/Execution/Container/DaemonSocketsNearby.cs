namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// The sockets where the daemons .NET teams run listen by default on this machine, for an error that finds none at the
/// endpoint asked: rootless and rootful Podman, rootless Docker, Docker Desktop (macOS, Linux), Colima, Rancher
/// Desktop, OrbStack. A build that dials <c>/var/run/docker.sock</c> on a machine with only Podman's socket is told
/// where that socket is, instead of only that nothing answers.
/// </summary>
internal static class DaemonSocketsNearby
{
    /// <summary>The known sockets that exist here, other than <paramref name="asked"/>, as <c>unix://</c> endpoints.</summary>
    /// <param name="asked">The endpoint nothing answered at (<c>unix://…</c>, <c>tcp://…</c>, a pipe).</param>
    /// <param name="environment">Reads a variable (XDG_RUNTIME_DIR).</param>
    /// <param name="home">The user's home directory.</param>
    public static IReadOnlyList<string> Find(string asked, Func<string, string?> environment, string home)
    {
        ArgumentNullException.ThrowIfNull(asked);
        ArgumentNullException.ThrowIfNull(environment);
        var askedPath = asked.StartsWith("unix://", StringComparison.Ordinal) ? asked["unix://".Length..] : asked;
        if (OperatingSystem.IsWindows())
        {
            return [];
        }

        var runtime = environment("XDG_RUNTIME_DIR");
        string?[] candidates =
        [
            runtime is { Length: > 0 } ? Path.Combine(runtime, "podman", "podman.sock") : null,
            "/run/podman/podman.sock",
            runtime is { Length: > 0 } ? Path.Combine(runtime, "docker.sock") : null,
            "/var/run/docker.sock",
            Path.Combine(home, ".docker", "run", "docker.sock"),
            Path.Combine(home, ".docker", "desktop", "docker.sock"),
            Path.Combine(home, ".colima", "default", "docker.sock"),
            Path.Combine(home, ".rd", "docker.sock"),
            Path.Combine(home, ".orbstack", "run", "docker.sock"),
        ];
        return candidates
            .OfType<string>()
            .Where(p => p != askedPath && File.Exists(p))
            .Select(p => "unix://" + p)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>"; a daemon's socket is at …" for an error about <paramref name="asked"/>, or empty when there is none.</summary>
    public static string Hint(string asked)
    {
        var nearby = Find(asked, Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
        return nearby.Count == 0 ? "" : $"; a daemon's socket is at {string.Join(" and ", nearby)} (BuildpackDockerHost={nearby[0]} uses it)";
    }
}
