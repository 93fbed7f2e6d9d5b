namespace Buildpacks.TestInfrastructure.Apps;

/// <summary>How <see cref="TestApps"/> publishes an app.</summary>
public enum AppDeployment
{
    /// <summary>Framework-dependent and portable: the image needs a .NET runtime (a runtime buildpack adds it).</summary>
    FrameworkDependent,

    /// <summary>Self-contained for <see cref="TestApps.RuntimeIdentifier"/>: the runtime is in the publish output.</summary>
    SelfContained,

    /// <summary>Self-contained and single-file (PublishSingleFile): one bundle holds the runtime, the packages and the app.</summary>
    SelfContainedSingleFile,

    /// <summary>Framework-dependent and single-file for <see cref="TestApps.RuntimeIdentifier"/>: a bundle that needs a .NET runtime.</summary>
    FrameworkDependentSingleFile,
}
