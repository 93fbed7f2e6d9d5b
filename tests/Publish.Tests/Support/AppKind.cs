namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>The kinds of throwaway project <see cref="TestProject"/> writes.</summary>
public enum AppKind
{
    /// <summary>A console app that prints its message and exits.</summary>
    Console,

    /// <summary>An ASP.NET Core app whose GET / answers with its message.</summary>
    Web,

    /// <summary>A worker service (generic host) that logs its message and runs until stopped.</summary>
    Worker,

    /// <summary>A class library: a publish output no .NET buildpack detects (no runtimeconfig.json).</summary>
    Library,
}

/// <summary>How a throwaway project brings in Buildpacks.MSBuild.</summary>
public enum PackageUse
{
    /// <summary><c>&lt;PackageReference Include="Buildpacks.MSBuild" Version="…" /&gt;</c>.</summary>
    PackageReference,

    /// <summary><c>&lt;Sdk Name="Buildpacks.MSBuild" Version="…" /&gt;</c>.</summary>
    Sdk,
}
