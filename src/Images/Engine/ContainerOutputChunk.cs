namespace Buildpacks.Images.Engine;

/// <summary>Which stream a piece of a container's output came from (the first byte of its frame header).</summary>
public enum ContainerOutputKind
{
    /// <summary>Standard input (echoed back; not asked for here).</summary>
    Stdin = 0,

    /// <summary>Standard output.</summary>
    Stdout = 1,

    /// <summary>Standard error.</summary>
    Stderr = 2,

    /// <summary>An error of the daemon itself about the stream (Docker's "systemerr").</summary>
    SystemError = 3,
}

/// <summary>A piece of a container's output read into the caller's buffer.</summary>
/// <param name="Kind">The stream it came from.</param>
/// <param name="Count">How many bytes were read; 0 at the end of the output.</param>
public readonly record struct ContainerOutputChunk(ContainerOutputKind Kind, int Count)
{
    /// <summary>Whether the output has ended.</summary>
    public bool IsEnd => Count == 0;
}
