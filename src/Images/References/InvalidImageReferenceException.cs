namespace Buildpacks.Images.References;

/// <summary>An image reference that does not follow the Docker reference grammar.</summary>
public sealed class InvalidImageReferenceException : ImageException
{
    /// <summary>Creates the exception for <paramref name="reference"/> with the <paramref name="reason"/> it is invalid.</summary>
    public InvalidImageReferenceException(string reference, string reason)
        : base($"'{reference}' is not a valid image reference: {reason}.")
    {
        Reference = reference;
        Reason = reason;
    }

    /// <summary>The reference as given.</summary>
    public string Reference { get; }

    /// <summary>Why it is invalid.</summary>
    public string Reason { get; }
}
