using Buildpacks.Lifecycle.Cli;

namespace Buildpacks.Lifecycle.Tests.Cli;

/// <summary>Records what a phase asked of the user switch, so the in-process tests (one test process) never change user.</summary>
internal sealed class RecordingUserSwitch : IUserSwitch
{
    public List<(string Directory, int Uid, int Gid)> Owned { get; } = [];

    public List<(int Uid, int Gid)> Switched { get; } = [];

    public int CurrentUserId => 4321;

    public int CurrentGroupId => 4322;

    public void EnsureOwner(string directory, int uid, int gid) => Owned.Add((directory, uid, gid));

    public void RunAs(int uid, int gid, IReadOnlyList<int> supplementaryGroups) => Switched.Add((uid, gid));
}
