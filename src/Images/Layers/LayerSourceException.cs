namespace Buildpacks.Images.Layers;

/// <summary>A file in a directory being made into a layer cannot be put in one (a socket, a fifo, a device).</summary>
public sealed class LayerSourceException : ImageException
{
    /// <summary>Creates the exception.</summary>
    public LayerSourceException(string path, string problem)
        : base($"'{path}' cannot be put in an image layer: {problem}. Remove it from the directory, or leave it out of the layer.")
    {
        SourcePath = path;
    }

    /// <summary>The file at fault.</summary>
    public string SourcePath { get; }
}
