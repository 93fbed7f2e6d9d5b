namespace Buildpacks.Platform.Rebase;

/// <summary>Where an image named on the command line lives, as skopeo's transports name it.</summary>
public enum ImageTransport
{
    /// <summary>A registry: a plain reference, or <c>docker://reference</c>.</summary>
    Registry,

    /// <summary>The Docker (or Podman) daemon: <c>docker-daemon:name:tag</c>.</summary>
    Daemon,

    /// <summary>An OCI image layout directory: <c>oci:/path/to/layout[:reference]</c>.</summary>
    Layout,
}
