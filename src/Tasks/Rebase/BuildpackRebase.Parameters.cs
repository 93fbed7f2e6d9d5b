using Microsoft.Build.Framework;

namespace Buildpacks.MSBuild.Tasks;

/// <summary>The parameter surface of <see cref="BuildpackRebase"/>: what the target passes in and reads back.</summary>
public sealed partial class BuildpackRebase
{
    /// <summary>
    /// <c>BuildpackImage</c>: the app image to rebase: <c>name[:tag]</c> (a registry), <c>docker-daemon:name:tag</c>
    /// or <c>oci:/path/to/layout[:name]</c>. Ignored when <see cref="Images"/> has items.
    /// </summary>
    public string? BuildpackImage { get; set; }

    /// <summary>
    /// <c>@(BuildpackRebaseImage)</c>: many app images at once, named as <see cref="BuildpackImage"/> is; metadata
    /// <c>Tag</c> writes the result under another tag or name, <c>RunImage</c> overrides <see cref="BuildpackRunImage"/>.
    /// </summary>
    public ITaskItem[]? Images { get; set; }

    /// <summary><c>BuildpackRunImage</c>: the run image to move onto; empty takes the one each app image records (its newest digest).</summary>
    public string? BuildpackRunImage { get; set; }

    /// <summary><c>BuildpackRebaseTag</c>: write the rebased <see cref="BuildpackImage"/> under this tag (or full name) instead of its own.</summary>
    public string? BuildpackRebaseTag { get; set; }

    /// <summary><c>BuildpackRebaseForce</c>: rebase although the checks (rebasable, os/arch, recorded run image) refuse.</summary>
    public bool BuildpackRebaseForce { get; set; }

    /// <summary><c>BuildpackRebaseDryRun</c>: report what would change without writing anything.</summary>
    public bool BuildpackRebaseDryRun { get; set; }

    /// <summary><c>BuildpackRebaseParallelism</c>: how many images are rebased at once (default 4).</summary>
    public string? BuildpackRebaseParallelism { get; set; }

    /// <summary><c>BuildpackInsecureRegistries</c>: registries reached over HTTP or unverified TLS, separated by ';'.</summary>
    public string? BuildpackInsecureRegistries { get; set; }

    /// <summary><c>BuildpackDockerHost</c>: the daemon of <c>docker-daemon:</c> names; empty means DOCKER_HOST, else the default socket.</summary>
    public string? BuildpackDockerHost { get; set; }

    /// <summary><c>BuildpackPlatform</c>: the platform picked from multi-platform images (os/arch[/variant]).</summary>
    public string? BuildpackPlatform { get; set; }

    /// <summary>
    /// One item per image rebased (or, for a dry run, that could be), named as it was given, with metadata
    /// <c>Digest</c> (the new image digest), <c>PreviousDigest</c>, <c>RunImage</c> (the new run image by digest),
    /// <c>RunImageDigest</c>, <c>PreviousRunImageDigest</c>, <c>Tags</c> (written under, ';'-separated) and <c>DryRun</c>.
    /// </summary>
    [Output]
    public ITaskItem[] RebasedImages { get; set; } = [];

    /// <summary>The new digest of the single image of <see cref="BuildpackImage"/> (<c>sha256:…</c>); empty for items.</summary>
    [Output]
    public string BuildpackImageDigest { get; set; } = "";
}
