namespace Buildpacks.Images.Daemon;

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
            $"No Docker daemon answers on {endpoint}{(endpoint.Source is { } source ? $" (from {source})" : string.Empty)}: {innerException?.Message ?? "no answer"}. "
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
