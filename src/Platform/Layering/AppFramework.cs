namespace Buildpacks.Platform.Layering;

/// <summary>A shared framework a framework-dependent app runs on, as its runtimeconfig.json names it.</summary>
/// <param name="Name">The framework, e.g. Microsoft.NETCore.App.</param>
/// <param name="Version">The version the app was built for, e.g. 10.0.0.</param>
public sealed record AppFramework(string Name, string Version);
