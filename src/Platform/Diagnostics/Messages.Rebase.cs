namespace Buildpacks.Platform.Diagnostics;

/// <content>
/// BP5xxx: rebase (BP500x refusals and missing images, BP501x names and properties, BP502x store failures, BP509x
/// report lines and warnings).
/// </content>
public static partial class Messages
{
    /// <summary>{0}: the app image.</summary>
    public const string NotRebasable = "BP5001: The app image '{0}' is labelled io.buildpacks.rebasable=false (its run image was extended, so its layers may depend on the old run image); nothing was written. Rebuild the image, or set BuildpackRebaseForce=true to rebase it anyway.";

    /// <summary>{0}: the app image, {1}: the run image, {2}: the lifecycle's comparison.</summary>
    public const string RebaseTargetMismatch = "BP5002: The run image '{1}' does not match the os/architecture of the app image '{0}' ({2}); nothing was written. Pick a run image for the app's platform (BuildpackRunImage, BuildpackPlatform), or set BuildpackRebaseForce=true.";

    /// <summary>{0}: the app image, {1}: the run image, {2}: the run images the app records.</summary>
    public const string RunImageNotRecorded = "BP5003: The run image '{1}' is neither the run image the app image '{0}' was built on nor one of its mirrors ({2}); nothing was written. Leave BuildpackRunImage empty to use the recorded one, name one of those, or set BuildpackRebaseForce=true to record '{1}' as the app's run image.";

    /// <summary>{0}: the app image, {1}: what is missing or unreadable.</summary>
    public const string RebaseMetadataMissing = "BP5004: The app image '{0}' cannot be rebased: {1}. Only images built by a buildpacks lifecycle (with a readable io.buildpacks.lifecycle.metadata label) can be rebased; rebuild it with buildpacks.";

    /// <summary>{0}: the app image, {1}: where it was looked for.</summary>
    public const string RebaseAppImageNotFound = "BP5005: The app image '{0}' was not found in {1}. Check BuildpackImage (or the BuildpackRebaseImage item) and that the image was pushed, loaded or written there.";

    /// <summary>{0}: the run image, {1}: where it was looked for.</summary>
    public const string RebaseRunImageNotFound = "BP5006: The run image '{0}' was not found in {1}. Check BuildpackRunImage and that the image was pushed, loaded or written there.";

    /// <summary>{0}: the app image, {1}: why no run image could be chosen.</summary>
    public const string RebaseRunImageRequired = "BP5007: No run image to rebase '{0}' onto: {1}. Set BuildpackRunImage to the run image to use.";

    /// <summary>{0}: the app image, {1}: the stack check that failed.</summary>
    public const string RebaseStackMismatch = "BP5008: The app image '{0}' was built under Platform API older than 0.12 and the run image fails its stack checks: {1}; nothing was written. Pick a run image of the same stack with the mixins the app needs, or rebuild the app.";

    /// <summary>{0}: the property or item, {1}: the value, {2}: why it is invalid.</summary>
    public const string InvalidRebaseImageName = "BP5010: {0} '{1}' is not a valid image name ({2}). Use name[:tag] (a registry), docker-daemon:name:tag (the Docker daemon) or oci:/path/to/layout[:tag] (an OCI image layout).";

    /// <summary>{0}: the value, {1}: the app image, {2}: why it is invalid.</summary>
    public const string InvalidRebaseTag = "BP5011: BuildpackRebaseTag '{0}' for '{1}' is neither a tag nor an image name in the app image's store ({2}). Use a tag such as 1.4-patched, or a full name such as registry.example.com/team/app:1.4-patched.";

    /// <summary>No arguments.</summary>
    public const string NoRebaseImage = "BP5012: There is no image to rebase: set BuildpackImage to the app image, or add BuildpackRebaseImage items (one per image).";

    /// <summary>{0}: the app image.</summary>
    public const string RebaseNeedsTag = "BP5013: The app image '{0}' is named by digest only, so there is no tag to write the rebased image under. Set BuildpackRebaseTag (or the item's Tag metadata) to the tag to write.";

    /// <summary>{0}: the value.</summary>
    public const string InvalidRebaseParallelism = "BP5014: BuildpackRebaseParallelism '{0}' is not a positive number. Set it to how many images to rebase at once, e.g. 4.";

    /// <summary>{0}: the app image, {1}: what failed.</summary>
    public const string RebaseStoreFailed = "BP5020: Rebasing '{0}' failed while reading or writing an image: {1}";

    /// <summary>{0}: the app image, {1}: the old run image digest, {2}: the new run image digest, {3}: the new image digest, {4}: where it was written.</summary>
    public const string Rebased = "BP5090: {0}: {1} → {2}; image {3} written as {4}";

    /// <summary>{0}: the app image, {1}: the old run image digest, {2}: the new run image digest, {3}: the image digest it would have.</summary>
    public const string RebaseDryRun = "BP5091: {0}: {1} → {2}; image would be {3} (dry run: nothing written)";

    /// <summary>{0}: the app image, {1}: the old index digest, {2}: the new index digest, {3}: each platform's rebase, {4}: where it was written, {5}: blobs copied, {6}: bytes copied.</summary>
    public const string IndexRebased = "BP5093: {0} (multi-platform): index {1} → {2}, written as {4}, {5} blobs ({6} bytes) copied; {3}";

    /// <summary>{0}: the app image, {1}: the index digest, {2}: each platform's rebase.</summary>
    public const string IndexRebaseDryRun = "BP5094: {0} (multi-platform, index {1}): {2} (dry run: nothing written)";

    /// <summary>{0}: the app image, {1}: the check that failed.</summary>
    public const string RebaseForced = "BP5092: Rebasing '{0}' although {1}, because BuildpackRebaseForce=true.";
}
