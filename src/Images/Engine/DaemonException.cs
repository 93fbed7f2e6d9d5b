namespace Buildpacks.Images.Engine;

/// <summary>The base of errors talking to a Docker or Podman daemon.</summary>
public class DaemonException : ImageException
{
    /// <summary>Creates the exception.</summary>
    public DaemonException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>No daemon answers on the endpoint.</summary>
public sealed class DaemonUnreachableException : DaemonException
{
    /// <summary>Creates the exception for <paramref name="endpoint"/>.</summary>
    public DaemonUnreachableException(DaemonEndpoint endpoint, Exception? innerException = null)
        : base(
            $"No Docker daemon answers on {endpoint}: {innerException?.Message ?? "no answer"} (endpoint from {endpoint.Source}). "
            + "Start Docker (or 'podman system service'), or set DOCKER_HOST to the socket of a running daemon.",
            innerException)
    {
        Endpoint = endpoint;
    }

    /// <summary>The endpoint that did not answer.</summary>
    public DaemonEndpoint Endpoint { get; }
}

/// <summary>The daemon has no image by that name.</summary>
public sealed class DaemonImageNotFoundException : DaemonException
{
    /// <summary>Creates the exception.</summary>
    public DaemonImageNotFoundException(string image, DaemonEndpoint endpoint, Exception? innerException = null)
        : base($"The daemon on {endpoint} has no image {image}. Check the name, or pull or build the image first.", innerException)
    {
        Image = image;
    }

    /// <summary>The image asked for.</summary>
    public string Image { get; }
}

/// <summary>The daemon refused an image we loaded into it.</summary>
public sealed class DaemonLoadException : DaemonException
{
    /// <summary>Creates the exception with the daemon's own message.</summary>
    public DaemonLoadException(string image, DaemonEndpoint endpoint, string daemonMessage, Exception? innerException = null)
        : base($"The daemon on {endpoint} refused to load the image {image}: {daemonMessage}", innerException)
    {
        DaemonMessage = daemonMessage;
    }

    /// <summary>What the daemon said.</summary>
    public string DaemonMessage { get; }
}

/// <summary>
/// The daemon could not pull an image: it said so inside the streamed answer of <c>POST /images/create</c> (the
/// registry refused, or has no such image or platform), after answering the request itself with 200.
/// </summary>
public sealed class DaemonPullException : DaemonException
{
    /// <summary>Creates the exception with the daemon's own message.</summary>
    public DaemonPullException(string image, DaemonEndpoint endpoint, string daemonMessage)
        : base($"The daemon on {endpoint} could not pull {image}: {daemonMessage}")
    {
        Image = image;
        DaemonMessage = daemonMessage;
    }

    /// <summary>The image asked for.</summary>
    public string Image { get; }

    /// <summary>What the daemon said.</summary>
    public string DaemonMessage { get; }
}

/// <summary>The daemon answered a request with an error (an HTTP status of 400 or more).</summary>
public sealed class DaemonRequestException : DaemonException
{
    /// <summary>Creates the exception with the daemon's own message.</summary>
    public DaemonRequestException(DaemonEndpoint endpoint, string operation, int statusCode, string daemonMessage, string? cause = null, Exception? innerException = null)
        : base($"The daemon on {endpoint} refused {operation} (HTTP {statusCode}): {daemonMessage}", innerException)
    {
        Operation = operation;
        StatusCode = statusCode;
        DaemonMessage = daemonMessage;
        Cause = cause;
    }

    /// <summary>What was asked, e.g. <c>POST /images/load</c>.</summary>
    public string Operation { get; }

    /// <summary>The HTTP status the daemon answered with.</summary>
    public int StatusCode { get; }

    /// <summary>What the daemon said.</summary>
    public string DaemonMessage { get; }

    /// <summary>The root error without its context, which Podman adds to its answers (<c>cause</c>).</summary>
    public string? Cause { get; }

    /// <summary>
    /// Whether the answer means the image named in the request does not exist: a 404, or Podman's 500 whose cause is
    /// "image not known" (its answer to saving a missing image).
    /// </summary>
    public bool SaysImageIsMissing => StatusCode == 404 || string.Equals(Cause, "image not known", StringComparison.Ordinal);
}
