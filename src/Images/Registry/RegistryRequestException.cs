using System.Net;

namespace Buildpacks.Images.Registry;

/// <summary>
/// The registry answered a request with a status we cannot go on from (after any retries), or could not be reached.
/// The message carries the registry's own error codes (e.g. <c>MANIFEST_BLOB_UNKNOWN</c>) when it sent any.
/// </summary>
public sealed class RegistryRequestException : RegistryException
{
    /// <summary>Creates the exception.</summary>
    public RegistryRequestException(string registry, string? repository, HttpStatusCode? status, string message, Exception? innerException = null)
        : base(registry, repository, message, innerException)
    {
        StatusCode = status;
    }

    /// <summary>The HTTP status, or null when no answer came (connection refused, reset, timeout).</summary>
    public HttpStatusCode? StatusCode { get; }
}
