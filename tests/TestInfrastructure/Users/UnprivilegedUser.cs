using System.Globalization;

namespace Buildpacks.TestInfrastructure.Users;

/// <summary>
/// A user who is not root, to run a command as, for tests that show something works without root. When the tests run
/// as root (CI), it is a system user made for them (<see cref="Name"/>) if it does not exist yet, and commands run as it
/// through <c>setpriv</c>, with exactly the environment the test gives; when they do not, there is none (null): the
/// tests' own user is already unprivileged, and the command runs as it.
/// </summary>
/// <param name="Name">The user's name.</param>
/// <param name="Uid">Its uid.</param>
/// <param name="Gid">Its primary gid.</param>
public sealed record UnprivilegedUser(string Name, int Uid, int Gid)
{
    /// <summary>The name of the user made for the tests.</summary>
    public const string TestUserName = "bp-rootless";

    private static readonly SemaphoreSlim Creation = new(1, 1);

    /// <summary>The test user (made if missing) when this process is root; null when it is not root itself.</summary>
    public static async Task<UnprivilegedUser?> EnsureAsync()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return null;
        }

        await Creation.WaitAsync().ConfigureAwait(false);
        try
        {
            if ((await ProcessRunner.RunAsync("id", ["-u", TestUserName]).ConfigureAwait(false)).ExitCode != 0)
            {
                // No home and no login: it only ever runs what a test hands it, with the HOME the test gives.
                (await ProcessRunner.RunAsync("useradd", ["--system", "--no-create-home", "--user-group", "--shell", "/usr/sbin/nologin", TestUserName]).ConfigureAwait(false))
                    .EnsureSuccess($"useradd {TestUserName}");
            }

            var uid = (await ProcessRunner.RunAsync("id", ["-u", TestUserName]).ConfigureAwait(false)).EnsureSuccess("id -u").StandardOutput.Trim();
            var gid = (await ProcessRunner.RunAsync("id", ["-g", TestUserName]).ConfigureAwait(false)).EnsureSuccess("id -g").StandardOutput.Trim();
            return new UnprivilegedUser(TestUserName, int.Parse(uid, CultureInfo.InvariantCulture), int.Parse(gid, CultureInfo.InvariantCulture));
        }
        finally
        {
            Creation.Release();
        }
    }

    /// <summary>Gives <paramref name="directory"/> and everything in it to this user.</summary>
    public async Task OwnAsync(string directory) =>
        (await ProcessRunner.RunAsync("chown", ["-R", $"{Uid}:{Gid}", directory]).ConfigureAwait(false)).EnsureSuccess($"chown -R {directory}");

    /// <summary>The program and arguments that run <paramref name="program"/> <paramref name="arguments"/> as this user, environment kept.</summary>
    public (string Program, IReadOnlyList<string> Arguments) Command(string program, IReadOnlyList<string> arguments) =>
        ("setpriv", [$"--reuid={Uid}", $"--regid={Gid}", "--clear-groups", "--", program, .. arguments]);
}
