namespace Buildpacks.Images.Daemon.Tests;

/// <summary>
/// The tests that write images to the daemon, run one at a time. The test images are deterministic, so tests (and the
/// same test over the other transport) make images with the same ID under different names; one test removing its
/// names while another loads the same image races in the daemon and loses the other's tag.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DaemonImagesCollection
{
    public const string Name = "Images in the daemon";
}
