using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.Images.Tests.Layout;

/// <summary>Small runnable images for store tests: a busybox layer, optionally an app layer, a recognisable config.</summary>
internal static class TestImages
{
    public const string Greeting = "hello from a buildpacks test image";

    public static LayerToWrite Layer(TestLayerFile file, string manifestMediaType = MediaTypes.OciManifest) =>
        new(
            new Descriptor
            {
                MediaType = file.Compressed
                    ? MediaTypes.GzipLayerFor(manifestMediaType)
                    : manifestMediaType == MediaTypes.DockerManifest ? "application/vnd.docker.image.rootfs.diff.tar" : MediaTypes.OciLayer,
                Digest = Digest.Parse(file.Digest),
                Size = file.Size,
            },
            Digest.Parse(file.DiffId),
            new FileLayerContent(file.Path));

    public static ImageConfig Config(string label = "test") => new()
    {
        Created = new DateTimeOffset(1980, 1, 1, 0, 0, 1, TimeSpan.Zero),
        Architecture = "amd64",
        Os = "linux",
        Config = new ContainerConfig
        {
            Entrypoint = ["/bin/busybox"],
            Cmd = ["echo", Greeting],
            Env = ["PATH=/bin", "BP_TEST=1"],
            WorkingDir = "/",
            Labels = new Dictionary<string, string> { ["io.buildpacks.test"] = label },
        },
    };

    public static ImageWriteRequest Request(IReadOnlyList<LayerToWrite> layers, string manifestMediaType = MediaTypes.OciManifest, string label = "test", params string[] tags) => new()
    {
        Tags = tags.Select(ImageReference.Parse).ToList(),
        Config = Config(label),
        Layers = layers,
        ManifestMediaType = manifestMediaType,
    };

    /// <summary>A busybox image under <paramref name="tags"/>, its layer files in <paramref name="workDirectory"/>.</summary>
    public static ImageWriteRequest Busybox(string workDirectory, params string[] tags) =>
        Request([Layer(TestLayerFile.Busybox(workDirectory))], tags: tags);

    public static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }
}

/// <summary>Layer content that fails part-way, as a broken download or full disk would.</summary>
internal sealed class FailingLayerContent(int bytesBeforeFailure) : ILayerContent
{
    public StoredImage? Origin => null;

    public Task<Stream> OpenAsync(CancellationToken cancellationToken) => Task.FromResult<Stream>(new FailingStream(bytesBeforeFailure));

    private sealed class FailingStream(int bytesBeforeFailure) : Stream
    {
        private int _served;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_served >= bytesBeforeFailure)
            {
                throw new IOException("simulated failure while reading a layer");
            }

            var n = Math.Min(count, bytesBeforeFailure - _served);
            Array.Fill(buffer, (byte)'x', offset, n);
            _served += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
