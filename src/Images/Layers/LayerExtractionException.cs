namespace Buildpacks.Images.Layers;

/// <summary>A layer entry that could not be extracted; the message names the entry and why.</summary>
public class LayerExtractionException : ImageException
{
    /// <summary>Creates the exception.</summary>
    public LayerExtractionException(string entryName, string problem, Exception? innerException = null)
        : base($"The layer entry '{entryName}' cannot be extracted: {problem}.", innerException)
    {
        EntryName = entryName;
    }

    /// <summary>The member name of the entry at fault, as stored in the layer.</summary>
    public string EntryName { get; }
}
