namespace Buildpacks.Images.Registry;

/// <summary>
/// An error talking to a registry. The message names the registry and repository and says what to do; the
/// properties let callers map it to an error code.
/// </summary>
public class RegistryException : ImageException
{
    /// <summary>Creates the exception.</summary>
    public RegistryException(string registry, string? repository, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Registry = registry;
        Repository = repository;
    }

    /// <summary>The registry host (with port).</summary>
    public string Registry { get; }

    /// <summary>The repository concerned, when there is one.</summary>
    public string? Repository { get; }

    /// <summary>Names a repository for messages, e.g. <c>localhost:5000/team/app</c>.</summary>
    internal static string Name(string registry, string? repository) =>
        repository is null ? registry : $"{registry}/{repository}";
}
