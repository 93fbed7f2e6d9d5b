using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Buildpacks.Images.Engine;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Daemon;
using Buildpacks.TestInfrastructure;
using Xunit;

namespace Buildpacks.Images.Tests.Daemon;

/// <summary>
/// The daemon store against a daemon on the containerd image store (Docker Desktop's default since 4.34, Docker
/// Engine's since 29), which the test machine's Docker Engine does not offer: an image's ID is its manifest's digest,
/// and `docker save` holds the blobs as pulled, the layers gzip-compressed and named by their blob digests.
/// </summary>
public sealed class ContainerdImageStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new("containerd-store");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task An_image_saved_from_the_containerd_store_is_read_with_its_config_and_uncompressed_layers()
    {
        var image = SavedImage.Make("hello from containerd");
        using var store = Store(new ContainerdDaemon(image));

        var read = await store.TryReadImageAsync(ImageReference.Parse("example.test/app:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);

        Assert.NotNull(read);
        Assert.NotNull(read.Config);
        Assert.NotNull(read.Config.RootFs);

        Assert.Equal(image.ManifestDigest, read.ImageId);
        Assert.Equal([image.DiffId], read.Config.RootFs.DiffIds);
        Assert.Equal("containerd", read.Config.Config!.Labels!["test.store"]);
        await using var layer = await store.OpenLayerAsync(read, read.Layers[0], CancellationToken.None);
        using var copy = new MemoryStream();
        await layer.CopyToAsync(copy);
        Assert.Equal(image.Layer, copy.ToArray());
    }

    [Fact]
    public async Task A_config_whose_bytes_do_not_hash_to_its_name_is_not_taken()
    {
        using var store = Store(new ContainerdDaemon(SavedImage.Make("damaged", damagedConfig: true)));

        var error = await Assert.ThrowsAsync<DaemonException>(() => store.TryReadImageAsync(ImageReference.Parse("example.test/app:1"), ImagePlatform.LinuxAmd64, CancellationToken.None));

        Assert.Contains("lacks its config", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_loaded_image_is_known_by_the_manifest_digest_the_containerd_store_gives_it(bool containerdStore)
    {
        var image = SavedImage.Make("to load");
        var daemon = new ContainerdDaemon(image) { ReportsContainerdStore = containerdStore };
        using var store = Store(daemon);
        var layerFile = _temp.Combine("layer.tar");
        await File.WriteAllBytesAsync(layerFile, image.Layer);
        var request = new ImageWriteRequest
        {
            Tags = [ImageReference.Parse("example.test/loaded:1")],
            Layers = [new LayerToWrite(new Descriptor { MediaType = MediaTypes.OciLayer, Digest = image.DiffId, Size = image.Layer.Length }, image.DiffId, new FileLayerContent(layerFile))],
            Config = new ImageConfig { Os = "linux", Architecture = "amd64", RootFs = new RootFs { DiffIds = [image.DiffId] } },
        };

        if (containerdStore)
        {
            var written = await store.WriteImageAsync(request, CancellationToken.None);
            Assert.Equal(daemon.LoadedId, written.ImageId);
        }
        else
        {
            // The graph-driver store names a loaded image by its config: another ID means the tag names another image.
            await Assert.ThrowsAsync<DaemonLoadException>(() => store.WriteImageAsync(request, CancellationToken.None));
        }
    }

    private DaemonImageStore Store(ContainerdDaemon daemon) =>
        new(daemon, new DaemonImageStoreOptions { CacheDirectory = _temp.Combine("cache-" + Guid.NewGuid().ToString("N")), SkipLayersTheDaemonHas = false }, ownsApi: true);

    /// <summary>An image as a containerd-store daemon saves it.</summary>
    private sealed record SavedImage(byte[] Layer, Digest DiffId, Digest ManifestDigest, byte[] Save)
    {
        public static SavedImage Make(string content, bool damagedConfig = false)
        {
            var layer = TarOf("workspace/hello.txt", content);
            var diffId = Digest.Compute(layer);
            var gzipped = Gzip(layer);
            var layerDigest = Digest.Compute(gzipped);
            var config = Encoding.UTF8.GetBytes(
                $$$"""{"architecture":"amd64","os":"linux","config":{"Labels":{"test.store":"containerd"}},"rootfs":{"type":"layers","diff_ids":["{{{diffId}}}"]}}""");
            var configDigest = Digest.Compute(config);
            var manifest = Encoding.UTF8.GetBytes(
                $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{configDigest}}}","size":{{{config.Length}}}},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{{layerDigest}}}","size":{{{gzipped.Length}}}}]}""");
            var manifestDigest = Digest.Compute(manifest);
            var legacy = Encoding.UTF8.GetBytes(
                $$"""[{"Config":"blobs/sha256/{{configDigest.Hex}}","RepoTags":["example.test/app:1"],"Layers":["blobs/sha256/{{layerDigest.Hex}}"]}]""");
            var index = Encoding.UTF8.GetBytes(
                $$$"""{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{manifestDigest}}}","size":{{{manifest.Length}}}}]}""");

            // As the containerd store writes them: blobs in digest order, then the layout's files.
            // A damaged save: the config's bytes no longer hash to the name they are saved under.
            var savedConfig = damagedConfig ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(config).Replace("containerd", "container!", StringComparison.Ordinal)) : config;
            var blobs = new[] { (layerDigest, gzipped), (configDigest, savedConfig), (manifestDigest, manifest) }.OrderBy(b => b.Item1.Hex, StringComparer.Ordinal);
            using var save = new MemoryStream();
            using (var writer = new TarWriter(save, TarEntryFormat.Pax, leaveOpen: true))
            {
                foreach (var (digest, bytes) in blobs)
                {
                    Add(writer, $"blobs/sha256/{digest.Hex}", bytes);
                }

                Add(writer, "index.json", index);
                Add(writer, "manifest.json", legacy);
                Add(writer, "oci-layout", Encoding.UTF8.GetBytes("""{"imageLayoutVersion":"1.0.0"}"""));
            }

            return new SavedImage(layer, diffId, manifestDigest, save.ToArray());
        }

        private static byte[] TarOf(string name, string content)
        {
            using var tar = new MemoryStream();
            using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            {
                Add(writer, name, Encoding.UTF8.GetBytes(content));
            }

            return tar.ToArray();
        }

        private static byte[] Gzip(byte[] bytes)
        {
            using var output = new MemoryStream();
            using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(bytes);
            }

            return output.ToArray();
        }

        private static void Add(TarWriter writer, string name, byte[] bytes) =>
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });
    }

    /// <summary>A daemon on the containerd image store, as far as the store asks it.</summary>
    private sealed class ContainerdDaemon(SavedImage image) : IContainerEngine
    {
        public bool ReportsContainerdStore { get; init; } = true;

        public Digest LoadedId { get; } = Digest.Compute(Encoding.UTF8.GetBytes("the manifest the daemon wrote"));

        private bool _loaded;

        public DaemonEndpoint Endpoint { get; } = DaemonEndpoint.Resolve("unix:///run/containerd-store-test.sock");

        public Task<DaemonVersion> GetVersionAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new DaemonVersion { Version = "29.0.0", ApiVersion = "1.52" });

        public Task<DaemonInfo> GetInfoAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new DaemonInfo { Name = "docker-desktop", UsesContainerdImageStore = ReportsContainerdStore });

        public Task<DaemonImageDetails?> TryInspectImageAsync(string name, CancellationToken cancellationToken) =>
            Task.FromResult<DaemonImageDetails?>(new DaemonImageDetails
            {
                Id = (_loaded ? LoadedId : image.ManifestDigest).ToString(),
                DiffIds = [image.DiffId.ToString()],
                Os = "linux",
                Architecture = "amd64",
            });

        public Task<Stream> SaveImageAsync(string name, CancellationToken cancellationToken) =>
            Task.FromResult<Stream>(new MemoryStream(image.Save, writable: false));

        public async Task<DaemonLoadOutcome> LoadImageAsync(Stream archive, CancellationToken cancellationToken)
        {
            await archive.CopyToAsync(Stream.Null, cancellationToken);
            _loaded = true;
            return new DaemonLoadOutcome { Messages = ["Loaded image: example.test/loaded:1"] };
        }

        public Task TagImageAsync(string name, string repository, string tag, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<DaemonImageSummary>> ListImagesAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task PingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task PullImageAsync(ImageReference name, ImagePlatform? platform, global::Buildpacks.Images.Registry.Credentials.RegistryCredential? credential, IProgress<ImagePullProgress>? progress, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RemoveImageAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task CreateVolumeAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RemoveVolumeAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<string> CreateContainerAsync(ContainerSpec spec, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task CopyIntoContainerAsync(string containerId, string path, Stream archive, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Stream?> TryCopyFromContainerAsync(string containerId, string path, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<MultiplexedStreamReader> AttachAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task StartContainerAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> WaitContainerAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task KillContainerAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public void Dispose()
        {
        }
    }
}
