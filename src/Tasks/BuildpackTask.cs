using Buildpacks.Platform.Diagnostics;
using Microsoft.Build.Framework;
using MSBuildTask = Microsoft.Build.Utilities.Task;
using TaskLoggingHelper = Microsoft.Build.Utilities.TaskLoggingHelper;

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

    /// <summary>Logs <paramref name="message"/> as an error with its code and its entry in the error index as help link.</summary>
    private protected void LogError(CodedMessage message) => LogError(Log, message);

    /// <summary>Logs <paramref name="message"/> as a warning with its code and its entry in the error index as help link.</summary>
    private protected void LogWarning(CodedMessage message) => LogWarning(Log, message);

    /// <summary>Logs <paramref name="message"/> at high importance with its code.</summary>
    private protected void LogSummary(CodedMessage message) =>
        Log.LogMessage(MessageImportance.High, message.ToString());

    /// <summary>
    /// Logs the task's result as MSBuild's own result lines read, <c>&lt;project&gt; -&gt; &lt;result&gt;</c> at high
    /// importance (as Build's "App -&gt; bin/App.dll" and Publish's "App -&gt; publish/"): the terminal logger shows
    /// the last such line as the project's result ("App succeeded (3.1s) → result") at every verbosity but quiet,
    /// where it hides every other message; the console logger prints it at minimal verbosity.
    /// </summary>
    /// <param name="project">The project's name (<c>$(MSBuildProjectName)</c>: the logger matches the line by it).</param>
    /// <param name="result">What the task made.</param>
    private protected void LogResult(string? project, string result) =>
        Log.LogMessage(MessageImportance.High, string.IsNullOrEmpty(project) ? result : $"{project} -> {result}");

    /// <summary>
    /// The global properties of the build that runs this task (<c>-p:</c> on the command line, and those a solution
    /// build passes to its projects); empty when the engine does not say.
    /// </summary>
    private protected IReadOnlyDictionary<string, string> GlobalProperties() =>
        BuildEngine is IBuildEngine6 engine ? engine.GetGlobalProperties() : new Dictionary<string, string>();

    /// <summary>Logs <paramref name="message"/> as an error of <paramref name="log"/> with its code and help link.</summary>
    internal static void LogError(TaskLoggingHelper log, CodedMessage message) =>
        log.LogError(null, message.Code, null, message.HelpLink, null, 0, 0, 0, 0, message.Text);

    /// <summary>Logs <paramref name="message"/> as a warning of <paramref name="log"/> with its code and help link.</summary>
    internal static void LogWarning(TaskLoggingHelper log, CodedMessage message) =>
        log.LogWarning(null, message.Code, null, message.HelpLink, null, 0, 0, 0, 0, message.Text);

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
