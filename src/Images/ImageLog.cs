namespace Buildpacks.Images;

/// <summary>How much a log line matters.</summary>
public enum ImageLogLevel
{
    /// <summary>Detail for diagnosing (each request, each retry).</summary>
    Debug,

    /// <summary>Progress a user wants to see (layer pushed, mounted, skipped).</summary>
    Information,

    /// <summary>Something went wrong but the work goes on (a retry, a credential helper that failed).</summary>
    Warning,
}

/// <summary>
/// Where the image engine writes what it does. Deliberately tiny so the MSBuild tasks, the lifecycle and tests can
/// each adapt it; implementations receive text that has already been stripped of credentials.
/// </summary>
public interface IImageLog
{
    /// <summary>Writes one line.</summary>
    void Write(ImageLogLevel level, string message);
}

/// <summary>A log that drops everything.</summary>
public sealed class NullImageLog : IImageLog
{
    /// <summary>The one instance.</summary>
    public static NullImageLog Instance { get; } = new();

    private NullImageLog()
    {
    }

    /// <inheritdoc />
    public void Write(ImageLogLevel level, string message)
    {
    }
}
