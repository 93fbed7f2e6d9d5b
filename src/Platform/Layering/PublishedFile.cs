namespace Buildpacks.Platform.Layering;

/// <summary>
/// A file that <c>dotnet publish</c> wrote, as MSBuild's <c>ResolvedFileToPublish</c> describes it: where it went in the
/// publish directory and, for a NuGet package asset (a runtime pack is one too), the package it came from.
/// </summary>
/// <param name="RelativePath">The path in the publish directory (<c>RelativePath</c> metadata), '/' or '\' separated.</param>
/// <param name="PackageId">The <c>NuGetPackageId</c> metadata; empty for the project's own outputs and content.</param>
public sealed record PublishedFile(string RelativePath, string PackageId);
