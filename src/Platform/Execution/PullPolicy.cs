namespace Buildpacks.Platform.Execution;

/// <summary>When images the build needs (builder, run image, buildpack images) are pulled; pack's <c>--pull-policy</c>.</summary>
public enum PullPolicy
{
    /// <summary>Pull only what is missing locally.</summary>
    IfNotPresent,

    /// <summary>Pull every time, for the newest digest.</summary>
    Always,

    /// <summary>Never pull; what is missing is an error.</summary>
    Never,
}
