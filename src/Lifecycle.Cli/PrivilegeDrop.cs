using Buildpacks.Lifecycle.Execution;
using Buildpacks.Lifecycle.Logging;

namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// How an image phase that started as root becomes the build user (Platform API: the analyzer, restorer, exporter,
/// creator and rebaser may run as root; lifecycle priv/user_linux.go): once the registry keychain and the daemon client
/// exist, the volumes the phase writes are given to <c>CNB_USER_ID</c>:<c>CNB_GROUP_ID</c>, then the process becomes
/// that user. The creator, which runs buildpacks, also takes <c>HOME</c> and <c>USER</c> from <c>/etc/passwd</c>.
/// Not running as root, nothing changes.
/// </summary>
internal static class PrivilegeDrop
{
    /// <summary>Drops to <paramref name="uid"/>:<paramref name="gid"/> when running as root; returns the environment to continue with.</summary>
    /// <param name="host">The process.</param>
    /// <param name="uid">The build user.</param>
    /// <param name="gid">The build group.</param>
    /// <param name="writableDirectories">The layers, cache and launch-cache directories (null entries are skipped; missing ones are made).</param>
    /// <param name="daemonSocket">The Docker socket the phase keeps using, whose group the user joins; null for none.</param>
    /// <param name="setHomeAndUser">Whether to set <c>HOME</c> and <c>USER</c> for the build user (creator).</param>
    /// <param name="passwdPath">The user database.</param>
    public static IReadOnlyDictionary<string, string> Apply(
        PhaseHost host,
        int uid,
        int gid,
        IEnumerable<string?> writableDirectories,
        string? daemonSocket,
        bool setHomeAndUser,
        string passwdPath = "/etc/passwd")
    {
        if (!host.IsRoot() || uid == 0)
        {
            return host.Environment;
        }

        // A platform may hand over a fresh volume mount point or none at all (the builder image has no /layers).
        foreach (var directory in writableDirectories.OfType<string>())
        {
            Directory.CreateDirectory(directory);
            host.Users.EnsureOwner(directory, uid, gid);
        }

        // The Engine API client connects per request: the build user needs the socket's group to keep reaching it.
        var groups = daemonSocket is not null && Privileges.OwnerOf(daemonSocket) is { Gid: var socketGroup } && socketGroup != gid
            ? new[] { socketGroup }
            : [];
        host.Users.RunAs(uid, gid, groups);
        host.Console.Write(LifecycleLogLevel.Debug, $"Running as uid {uid}, gid {gid}");
        if (!setHomeAndUser || PasswdEntry.Find(passwdPath, uid) is not { } user)
        {
            return host.Environment;
        }

        var environment = new Dictionary<string, string>(host.Environment, StringComparer.Ordinal)
        {
            ["HOME"] = user.Home,
            ["USER"] = user.Name,
        };
        System.Environment.SetEnvironmentVariable("HOME", user.Home);
        System.Environment.SetEnvironmentVariable("USER", user.Name);
        return environment;
    }
}
