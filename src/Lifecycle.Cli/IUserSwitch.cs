namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// The two privileged operations of the image phases (lifecycle priv/): giving the build user the directories it must
/// write, then becoming that user for good.
/// </summary>
internal interface IUserSwitch
{
    /// <summary>The real user id of this process (the default of <c>-uid</c> when <c>CNB_USER_ID</c> is unset).</summary>
    int CurrentUserId { get; }

    /// <summary>The real group id of this process.</summary>
    int CurrentGroupId { get; }

    /// <summary>Makes <paramref name="uid"/>:<paramref name="gid"/> the owner of <paramref name="directory"/> and everything in it.</summary>
    void EnsureOwner(string directory, int uid, int gid);

    /// <summary>
    /// Becomes <paramref name="uid"/>:<paramref name="gid"/> with <paramref name="supplementaryGroups"/> (real, effective
    /// and saved ids, so root cannot be regained).
    /// </summary>
    void RunAs(int uid, int gid, IReadOnlyList<int> supplementaryGroups);
}
