using Buildpacks.Platform.Diagnostics;
using Microsoft.Build.Framework;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace Buildpacks.MSBuild.Tasks;

/// <summary>
/// The base of the tasks: runs <see cref="ExecuteAsync"/> with a token that MSBuild's cancellation (Ctrl+C) cancels,
/// and reports every failure as one error with its BP code.
/// </summary>
public abstract class BuildpackTask : MSBuildTask, ICancelableTask, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>Asks the running task to stop; MSBuild calls this on Ctrl+C.</summary>
    public void Cancel() => _cancellation.Cancel();

    /// <inheritdoc />
    public override bool Execute()
    {
        var canceled = false;
        try
        {
            ExecuteAsync(_cancellation.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            // MSBuild reports the cancellation itself; a coded error would only repeat it. No image was made: fail.
            canceled = true;
        }
        catch (Exception e)
        {
            LogError(FailureMessages.For(e, Work));
        }

        return !canceled && !Log.HasLoggedErrors;
    }

    /// <summary>The task's work as an unexpected failure names it, e.g. "Building the image".</summary>
    private protected abstract string Work { get; }

    /// <summary>Does the task's work; throws to fail.</summary>
    protected abstract Task ExecuteAsync(CancellationToken cancellationToken);

    /// <summary>Logs <paramref name="message"/> as an error with its code.</summary>
    private protected void LogError(CodedMessage message) =>
        Log.LogError(null, message.Code, null, null, 0, 0, 0, 0, message.Text);

    /// <summary>Logs <paramref name="message"/> at high importance with its code.</summary>
    private protected void LogSummary(CodedMessage message) =>
        Log.LogMessage(MessageImportance.High, message.ToString());

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the cancellation source.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _cancellation.Dispose();
        }
    }
}
