namespace Buildpacks.TestInfrastructure.Apps;

/// <summary>How <see cref="TestApps"/> publishes an app.</summary>
public enum AppDeployment
{
    /// <summary>Framework-dependent and portable: the image needs a .NET runtime (a runtime buildpack adds it).</summary>
    FrameworkDependent,

    /// <summary>Self-contained for <see cref="TestApps.RuntimeIdentifier"/>: the runtime is in the publish output.</summary>
    SelfContained,
}
