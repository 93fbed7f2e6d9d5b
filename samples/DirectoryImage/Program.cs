// directory-image: makes a runnable image of a directory with the image engine alone, and writes it to a
// registry, an OCI layout or an archive. The base layer is the machine's static busybox (no base image can be
// pulled here); the directory goes to /app, and the image runs /app/run.sh.
//
//   directory-image --dir <path> --image <registry/repo:tag> [--layout <dir>] [--archive <file.tar>]
using Buildpacks.Images;
using Buildpacks.Images.Layers;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Archive;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Samples.DirectoryImage;

var options = DemoOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: directory-image --dir <path> --image <registry/repo:tag> [--layout <dir>] [--archive <file.tar>]");
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var work = Directory.CreateTempSubdirectory("directory-image-");
try
{
    var reference = ImageReference.Parse(options.Image);
    var baseLayer = await LayerWriter.WriteEntriesAsync(
        [
            LayerEntry.Directory("bin"),
            LayerEntry.File("bin/busybox", LayerEntryContent.FromFile(options.Busybox), LayerModes.Executable),
            LayerEntry.Symlink("bin/sh", "busybox"),
            LayerEntry.Directory("tmp", (UnixFileMode)0b1_111_111_111),
        ],
        Path.Combine(work.FullName, "base.tar.gz"),
        cancellationToken: cancellation.Token);
    var appLayer = await LayerWriter.WriteDirectoryAsync(
        options.Directory,
        Path.Combine(work.FullName, "app.tar.gz"),
        new LayerWriteOptions { TargetDirectory = "app" },
        cancellation.Token);

    var request = new ImageWriteRequest
    {
        Tags = [reference],
        Config = new ImageConfig
        {
            Created = LayerWriteOptions.DefaultModificationTime,
            Config = new ContainerConfig
            {
                Entrypoint = ["/bin/sh", "/app/run.sh"],
                Env = ["PATH=/bin", "GREETING=built by the Buildpacks.MSBuild image engine"],
                WorkingDir = "/app",
                Labels = new Dictionary<string, string> { ["org.opencontainers.image.title"] = "directory-image demo" },
            },
            History =
            [
                new HistoryEntry { Created = LayerWriteOptions.DefaultModificationTime, CreatedBy = "directory-image: busybox base" },
                new HistoryEntry { Created = LayerWriteOptions.DefaultModificationTime, CreatedBy = $"directory-image: {Path.GetFileName(Path.GetFullPath(options.Directory))} → /app" },
            ],
        },
        Layers = [baseLayer.ToLayerToWrite(), appLayer.ToLayerToWrite()],
    };

    using var registry = new RegistryStore(new RegistrySettings { Log = new ConsoleImageLog() });
    var pushed = await registry.WriteImageAsync(request, cancellation.Token);
    Console.WriteLine($"pushed {reference} {pushed.ManifestDigest} ({pushed.Statistics.BlobsCopied} blobs, {pushed.Statistics.BytesCopied} bytes uploaded, {pushed.Statistics.BlobsSkipped} already there)");

    if (options.Layout is not null)
    {
        var layout = new OciLayoutImageStore(options.Layout);
        var written = await layout.WriteImageAsync(request, cancellation.Token);
        Console.WriteLine($"wrote OCI layout {options.Layout} {written.ManifestDigest}");
    }

    if (options.Archive is not null)
    {
        var archive = new ImageArchiveStore(options.Archive);
        var written = await archive.WriteImageAsync(request, cancellation.Token);
        Console.WriteLine($"wrote archive {options.Archive} {written.ManifestDigest}");
    }

    Console.WriteLine($"digest={pushed.ManifestDigest}");
    return 0;
}
catch (ImageException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
finally
{
    work.Delete(recursive: true);
}
