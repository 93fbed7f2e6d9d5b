namespace Buildpacks.Platform.Diagnostics;

/// <content>BP2xxx: registries, images and builders as images.</content>
public static partial class Messages
{
    /// <summary>{0}: the builder, {1}: where it was looked for.</summary>
    public const string BuilderNotFound = "BP2001: The builder '{0}' was not found in {1}. Push or create it there, or set BuildpackBuilder to a builder that exists.";

    /// <summary>{0}: the builder, {1}: what is wrong.</summary>
    public const string InvalidBuilder = "BP2002: '{0}' cannot be used as a builder: {1}";

    /// <summary>{0}: what failed.</summary>
    public const string RegistryFailed = "BP2003: A registry or image store failed: {0}";
}
