namespace Buildpacks.Platform.Diagnostics;

/// <content>BP4xxx: the lifecycle and the build (BP40xx failures, BP41xx summaries and notices).</content>
public static partial class Messages
{
    /// <summary>{0}: the lifecycle's message.</summary>
    public const string DetectFailed = "BP4001: No buildpack group passed detection for the publish output: {0} Check that the builder (BuildpackBuilder) has buildpacks for this kind of app, or name the buildpacks to use (Buildpack items, project.toml's [[io.buildpacks.group]]).";

    /// <summary>{0}: which buildpack failed and how (its exit code), {1}: its last lines.</summary>
    public const string BuildFailed = "BP4002: A buildpack failed to build the app: {0}{1} BuildpackVerbose=true logs every line it printed.";

    /// <summary>{0}: the exit code, {1}: the lifecycle's message.</summary>
    public const string LifecycleFailed = "BP4003: The lifecycle failed (exit code {0}): {1}";

    /// <summary>{0}: the image name, {1}: the digest.</summary>
    public const string ImageBuilt = "BP4100: Built {0}@{1}";

    /// <summary>{0}: what the lifecycle warned about.</summary>
    /// <remarks>Read the warning: the lifecycle or a buildpack says what it did instead. Silence it with NoWarn=BP4102 if it is expected.</remarks>
    public const string LifecycleWarning = "BP4102: {0}";

    /// <summary>{0}: the image name, {1}: the digest, {2}: the stamp file.</summary>
    public const string ImageUpToDate = "BP4101: {0}@{1} is up to date: the publish output and the configuration are those of its last build, so the image step was skipped (stamp {2}; set BuildpackForce=true to build anyway).";

    /// <summary>{0}: the image name, {1}: the index digest, {2}: its platforms and their digests.</summary>
    public const string ImageIndexWritten = "BP4103: Built {0}@{1}, a multi-platform image: {2}";

    /// <summary>{0}: the path a write failed in, {1}: what its file system has free, {2}: its size, {3}: how much the step needed when known (a clause), {4}: the work (e.g. "Building the image"), {5}: the error.</summary>
    public const string NoSpaceLeft = "BP4010: No space left on the file system that holds '{0}' ({1} free of {2}{3}): {4} stopped there ({5}). Nothing half-written was kept: the build's scratch files are deleted and the build cache keeps what the last build committed. Free space there, or move what fills it: TMPDIR for the build's scratch files, BuildpackCacheDirectory for the build cache, XDG_CACHE_HOME for the builders Local execution extracts.";
}
