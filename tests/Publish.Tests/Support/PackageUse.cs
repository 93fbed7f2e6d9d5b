namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>How a throwaway project brings in Buildpacks.MSBuild.</summary>
public enum PackageUse
{
    /// <summary><c>&lt;PackageReference Include="Buildpacks.MSBuild" Version="…" /&gt;</c>.</summary>
    PackageReference,

    /// <summary><c>&lt;Sdk Name="Buildpacks.MSBuild" Version="…" /&gt;</c>.</summary>
    Sdk,
}
