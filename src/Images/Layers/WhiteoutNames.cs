namespace Buildpacks.Images.Layers;

/// <summary>The file names the OCI image spec (layer.md, "Whiteouts") gives deletions in a layer.</summary>
internal static class WhiteoutNames
{
    /// <summary>A file <c>.wh.x</c> deletes <c>x</c> of the layers below.</summary>
    public const string Prefix = ".wh.";

    /// <summary>A file named this in a directory hides all of that directory's content of the layers below.</summary>
    public const string Opaque = ".wh..wh..opq";
}
