namespace Buildpacks.Platform.Layering;

/// <summary>
/// What the layers index says about the app itself, for a buildpack that finds no runtimeconfig.json beside it (a
/// single-file publish bundles it): its name, how it was published and, when framework-dependent, what it runs on.
/// </summary>
public sealed record PublishedApp
{
    /// <summary>The assembly name: <c>&lt;App&gt;.dll</c>, the apphost or bundle <c>&lt;App&gt;</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Whether the .NET runtime is in the publish output.</summary>
    public bool SelfContained { get; init; }

    /// <summary>Whether the app is one bundle file (PublishSingleFile).</summary>
    public bool SingleFile { get; init; }

    /// <summary>
    /// The shared frameworks the app is built on: what a framework-dependent app needs installed, what a self-contained
    /// one carries (an ASP.NET Core app names Microsoft.AspNetCore.App either way).
    /// </summary>
    public IReadOnlyList<AppFramework> Frameworks { get; init; } = [];

    /// <summary>The app's RollForward setting, or null for the host's default (Minor).</summary>
    public string? RollForward { get; init; }
}
