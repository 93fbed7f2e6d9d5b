namespace Buildpacks.Lifecycle;

/// <summary>
/// A lifecycle failure that ends a phase. <see cref="ExitCode"/> is the process exit code the spec assigns to the failure
/// (Platform API "Exit Codes"); the message names the buildpack and the file at fault when there is one.
/// </summary>
public class LifecycleException : Exception
{
    /// <summary>Creates an exception that ends the phase with <paramref name="exitCode"/>.</summary>
    public LifecycleException(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    /// <summary>The exit code a lifecycle binary exits with for this failure (see <see cref="LifecycleExitCodes"/>).</summary>
    public int ExitCode { get; }
}
