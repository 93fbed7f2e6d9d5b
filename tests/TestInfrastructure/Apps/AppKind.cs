namespace Buildpacks.TestInfrastructure.Apps;

/// <summary>The kinds of app <see cref="TestAppProject"/> writes.</summary>
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
