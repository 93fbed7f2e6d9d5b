using Microsoft.Build.Framework;

namespace Buildpacks.MSBuild.Tasks;

/// <summary>The parameter surface of <see cref="PublishBuildpackImage"/>: what the targets pass in and read back.</summary>
public sealed partial class PublishBuildpackImage
{
    /// <summary>The publish output: the app directory of the build.</summary>
    [Required]
    public string PublishDirectory { get; set; } = "";

    /// <summary><c>BuildpackImage</c>: the app image, <c>name[:tag]</c>.</summary>
    [Required]
    public string BuildpackImage { get; set; } = "";

    /// <summary><c>BuildpackTags</c>: more tags for the image, separated by ';'.</summary>
    public string? BuildpackTags { get; set; }

    /// <summary><c>BuildpackBuilder</c>: the builder image, read from its registry.</summary>
    [Required]
    public string BuildpackBuilder { get; set; } = "";

    /// <summary><c>BuildpackRunImage</c>: overrides the builder's run image.</summary>
    public string? BuildpackRunImage { get; set; }

    /// <summary><c>BuildpackExecution</c>: Auto, Container or Local; only Local runs for now (Auto means Local).</summary>
    public string? BuildpackExecution { get; set; }

    /// <summary><c>BuildpackPublish</c>: push the image to the registry named by <see cref="BuildpackImage"/>.</summary>
    public bool BuildpackPublish { get; set; }

    /// <summary><c>BuildpackLayoutOutputPath</c>: write the image to this OCI image layout directory.</summary>
    public string? BuildpackLayoutOutputPath { get; set; }

    /// <summary><c>BuildpackArchiveOutputPath</c>: write the image to this tarball (<c>docker load</c> takes it).</summary>
    public string? BuildpackArchiveOutputPath { get; set; }

    /// <summary><c>BuildpackPlatform</c>: the platform picked from multi-platform builder and run images.</summary>
    public string? BuildpackPlatform { get; set; }

    /// <summary><c>BuildpackDefaultProcess</c>: the image's default process type.</summary>
    public string? BuildpackDefaultProcess { get; set; }

    /// <summary><c>BuildpackInsecureRegistries</c>: registries reached over HTTP or unverified TLS, separated by ';'.</summary>
    public string? BuildpackInsecureRegistries { get; set; }

    /// <summary>The digest of the image written (<c>sha256:…</c>).</summary>
    [Output]
    public string BuildpackImageDigest { get; set; } = "";
}
