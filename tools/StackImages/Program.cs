// stack-images: writes the sample stack (a build image and run images v1 and v2) from the rootfs trees that
// build/stack.sh prepares, with the image engine alone, to a registry and/or OCI layouts. Layers:
//   build:      [base, build]            base = minbase + run packages + user cnb; build = build packages + runtimes
//   run:        [base, marker v1]        marker = /etc/buildpacks-run-image-version
//   run (-v2):  [base, marker v2]
// so all three share the base layer blob. See build/stack.sh for the command line it passes.
// 'stack-images index …' writes the multi-platform stack's indexes over each platform's images (StackIndexes).
using Buildpacks.Images;
using Buildpacks.Images.Model;
using Buildpacks.Tools.StackImages;

if (args is ["index", .. var indexArgs])
{
    try
    {
        return await StackIndexes.RunAsync(indexArgs, CancellationToken.None);
    }
    catch (FormatException e)
    {
        Console.Error.WriteLine($"stack-images: {e.Message}");
        Console.Error.WriteLine(StackIndexes.Usage);
        return 2;
    }
    catch (Exception e) when (e is ImageException or IOException or HttpRequestException)
    {
        Console.Error.WriteLine($"stack-images: {e.Message}");
        return 1;
    }
}

StackOptions options;
try
{
    options = StackOptions.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine($"stack-images: {e.Message}");
    Console.Error.WriteLine(StackOptions.Usage);
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var work = Directory.CreateTempSubdirectory("stack-images-");
try
{
    var started = System.Diagnostics.Stopwatch.StartNew();
    var (baseLayer, baseReused) = await CachedTreeLayer.WriteOrReuseAsync(options.BaseRootfs, options.BaseLayerCache, cancellation.Token);
    Log($"base layer {baseLayer.Blob.Digest} ({Megabytes(baseLayer.Blob.Size)}){(baseReused ? ", kept from an earlier run" : string.Empty)}");
    var (buildLayer, buildReused) = await CachedTreeLayer.WriteOrReuseAsync(options.BuildTree, options.BuildLayerCache, cancellation.Token);
    Log($"build layer {buildLayer.Blob.Digest} ({Megabytes(buildLayer.Blob.Size)}){(buildReused ? ", kept from an earlier run" : string.Empty)}");

    var baseHistory = StackImageConfigs.History(options, options.BaseHistory);
    var images = new List<StackImage>
    {
        new("build", options.Tag, StackImageConfigs.Build(options, [baseHistory, StackImageConfigs.History(options, options.BuildHistory)]), [baseLayer, buildLayer]),
    };
    foreach (var version in new[] { "v1", "v2" })
    {
        var marker = await RunImageMarker.WriteAsync(version, work.FullName, cancellation.Token);
        var history = StackImageConfigs.History(options, $"/{RunImageMarker.FilePath} = {version}");
        images.Add(new StackImage(
            "run",
            version == "v1" ? options.Tag : $"{options.Tag}-{version}",
            StackImageConfigs.Run(options, [baseHistory, history], version),
            [baseLayer, marker]));
    }

    var publisher = new StackPublisher(new ConsoleImageLog(), new ImagePlatform { Os = "linux", Architecture = options.Architecture });
    var published = new List<PublishedImage>();
    if (options.Registry is { } registry)
    {
        published.AddRange(await publisher.ToRegistryAsync(registry, options.RepositoryPrefix, images, cancellation.Token));
    }

    if (options.Layout is { } layout)
    {
        published.AddRange(await publisher.ToLayoutsAsync(layout, $"{options.Registry ?? "localhost"}/{options.RepositoryPrefix}", images, cancellation.Token));
    }

    Log($"done in {started.Elapsed.TotalSeconds:F1} s; every image shares the base layer {baseLayer.Blob.Digest}");
    foreach (var image in published)
    {
        // One line per image on stdout, for people and scripts: reference, digest, compressed size.
        Console.WriteLine($"{image.Reference} {image.Digest} {Megabytes(image.Image.Size)}{(image.Unchanged ? " (unchanged)" : string.Empty)}");
    }

    return 0;
}
catch (Exception e) when (e is ImageException or IOException or UnauthorizedAccessException or HttpRequestException)
{
    Console.Error.WriteLine($"stack-images: {e.Message}");
    return 1;
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    Console.Error.WriteLine("stack-images: cancelled");
    return 130;
}
finally
{
    work.Delete(recursive: true);
}

static void Log(string message) => Console.Error.WriteLine($"[stack-images] {message}");

static string Megabytes(long bytes) => $"{bytes / 1_000_000.0:F1} MB";
