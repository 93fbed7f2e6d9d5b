namespace Buildpacks.Images.Registry.Credentials;

/// <summary>A credential helper named in config.json could not be run or answered nonsense.</summary>
public sealed class CredentialHelperException : ImageException
{
    /// <summary>Creates the exception.</summary>
    public CredentialHelperException(string program, string problem)
        : base($"The Docker credential helper '{program}' failed: {problem}. Install it, fix or remove its entry in config.json (credHelpers/credsStore), or pass credentials explicitly.")
    {
        Program = program;
    }

    /// <summary>The helper's program name.</summary>
    public string Program { get; }
}
