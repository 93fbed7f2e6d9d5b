using Buildpacks.Images;
using Buildpacks.Lifecycle.Rebase;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Rebase;

/// <summary>The rebaser's typed refusals and the stores' failures as BP5xxx messages naming the image at fault.</summary>
internal static class RebaseErrors
{
    private const string ForceHint = "; please provide -force to override";
    private const string RecordedMarker = "existing run image metadata: ";

    /// <summary>
    /// The message for <paramref name="exception"/> while rebasing <paramref name="app"/> (onto
    /// <paramref name="runImage"/> when one was named); null when it is not an error a rebase expects.
    /// </summary>
    public static CodedMessage? ToMessage(Exception exception, ImageLocation app, ImageLocation? runImage, string appStore, string runImageStore) => exception switch
    {
        CodedException coded => coded.Coded,
        NotRebasableException => CodedMessage.Format(Messages.NotRebasable, app.Text),
        TargetMismatchException e => CodedMessage.Format(Messages.RebaseTargetMismatch, app.Text, RunImageName(runImage, app), WithoutHint(e.Message)),
        RunImageNotInMetadataException e => CodedMessage.Format(Messages.RunImageNotRecorded, app.Text, RunImageName(runImage, app), Recorded(e.Message)),
        MissingRebaseMetadataException e => CodedMessage.Format(Messages.RebaseMetadataMissing, app.Text, e.Message),
        AppImageNotFoundException => CodedMessage.Format(Messages.RebaseAppImageNotFound, app.Text, appStore),
        RunImageNotFoundException e => CodedMessage.Format(Messages.RebaseRunImageNotFound, runImage?.Text ?? e.Message, runImageStore),
        RunImageRequiredException e => CodedMessage.Format(Messages.RebaseRunImageRequired, app.Text, e.Message),
        StackMismatchException e => CodedMessage.Format(Messages.RebaseStackMismatch, app.Text, e.Message),
        RebaseException e => CodedMessage.Format(Messages.RebaseStoreFailed, app.Text, e.Message),
        ImageException e => CodedMessage.Format(Messages.RebaseStoreFailed, app.Text, e.Message),
        _ => null,
    };

    private static string RunImageName(ImageLocation? runImage, ImageLocation app) => runImage?.Text ?? $"the run image recorded in {app.Text}";

    private static string WithoutHint(string message) =>
        message.EndsWith(ForceHint, StringComparison.Ordinal) ? message[..^ForceHint.Length] : message;

    // "… not found in existing run image metadata: a, b; please provide -force to override" → "a, b".
    private static string Recorded(string message)
    {
        var text = WithoutHint(message);
        var at = text.IndexOf(RecordedMarker, StringComparison.Ordinal);
        return at < 0 ? text : text[(at + RecordedMarker.Length)..];
    }
}
