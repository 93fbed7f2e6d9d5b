namespace Buildpacks.Images.Stores.Layout;

/// <summary>An OCI image layout (directory or archive) that cannot serve a request: missing blob, image or platform.</summary>
public sealed class OciLayoutException : ImageException
{
    /// <summary>Creates the exception.</summary>
    public OciLayoutException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
