namespace Buildpacks.Platform.Diagnostics;

/// <content>BP4xxx: the lifecycle and the build (BP40xx failures, BP41xx summaries and notices).</content>
public static partial class Messages
{
    /// <summary>{0}: the lifecycle's message.</summary>
    public const string DetectFailed = "BP4001: No buildpack group passed detection for the publish output: {0} Check that the builder has buildpacks for this kind of app.";

    /// <summary>{0}: the lifecycle's message.</summary>
    public const string BuildFailed = "BP4002: A buildpack failed to build the app: {0}";

    /// <summary>{0}: the exit code, {1}: the lifecycle's message.</summary>
    public const string LifecycleFailed = "BP4003: The lifecycle failed (exit code {0}): {1}";

    /// <summary>{0}: the image name, {1}: the digest.</summary>
    public const string ImageBuilt = "BP4100: Built {0}@{1}";
}
