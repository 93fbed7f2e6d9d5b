namespace Buildpacks.Platform.Rebase;

/// <summary>One image to rebase, as the user named it (the service parses and checks every name).</summary>
public sealed record RebaseImageRequest
{
    /// <summary>The app image: a reference, <c>docker://…</c>, <c>docker-daemon:…</c> or <c>oci:/path[:name]</c>.</summary>
    public required string Image { get; init; }

    /// <summary>Where the name came from (a property or item), named in errors, e.g. <c>BuildpackImage</c>.</summary>
    public string Source { get; init; } = "BuildpackImage";

    /// <summary>A tag (or full name in the same store) to write the result under instead of the app image's own; null keeps it.</summary>
    public string? Tag { get; init; }

    /// <summary>The run image for this image; null takes <see cref="RebaseOptions.RunImage"/>, then the one the app records.</summary>
    public string? RunImage { get; init; }
}
