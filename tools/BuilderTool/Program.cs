// builder-tool: makes builder images the way 'pack builder create' does, with src/Platform's BuilderWriter, and
// lifecycle images (what an untrusted builder's analyzer, restorer and exporter run from) with LifecycleImageWriter.
//   builder-tool create --config <builder.toml> --tag <ref> [--tag <ref>…] [--lifecycle <path>]
//   builder-tool lifecycle-image --lifecycle <path> --base <ref> --tag <ref> [--tag <ref>…] [--platform <os/arch>…]
//     (several platforms: one lifecycle image per platform, from the base's image and the lifecycle of that platform,
//     and an index over them, as for a builder with several [[targets]])
// Reads the build (or base) image and buildpack package images from registries and writes the image to the registry
// of its tags (loopback registries over plain HTTP). Prints the image's reference and digest.
using Buildpacks.Images;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Platform;
using Buildpacks.Platform.Builders;
using Buildpacks.Tools.BuilderTool;

if (args is not [("create" or "lifecycle-image") and var command, .. var rest])
{
    Console.Error.WriteLine(CreateOptions.Usage);
    return 2;
}

CreateOptions options;
try
{
    options = CreateOptions.Parse(rest, command);
}
catch (FormatException e)
{
    Console.Error.WriteLine($"builder-tool: {e.Message}");
    Console.Error.WriteLine(CreateOptions.Usage);
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    using var store = new RegistryStore(new RegistrySettings());
    if (command == "lifecycle-image")
    {
        var tags = options.Tags.Select(ImageReference.Parse).ToList();
        var baseImage = ImageReference.Parse(options.Base!);
        if (options.Platforms is { Count: > 1 } named)
        {
            var (lifecycleIndex, written) = await MultiPlatformImage.WriteAsync(
                named.Select(ImagePlatform.Parse).ToList(), tags, store,
                (platform, names, token) => LifecycleImageWriter.CreateAsync(options.Lifecycle!, baseImage, names, store, store, platform, token), cancellation.Token);
            Console.Error.WriteLine(
                $"builder-tool: lifecycle {written[0].Lifecycle.Version} on {options.Base}, platforms {string.Join(", ", lifecycleIndex.Manifests.Select(m => $"{m.Platform} {m.Digest}"))}");
            foreach (var tag in tags)
            {
                Console.WriteLine($"{tag}@{lifecycleIndex.Index.Digest}");
            }

            return 0;
        }

        var onePlatform = options.Platforms is [var only] ? ImagePlatform.Parse(only) : null;
        var (image, descriptor) = await LifecycleImageWriter.CreateAsync(options.Lifecycle!, baseImage, tags, store, store, onePlatform, cancellation.Token);
        Console.Error.WriteLine($"builder-tool: lifecycle {descriptor.Version} (Platform API {string.Join(", ", descriptor.Platform.Supported)}) on {options.Base}");
        foreach (var tag in tags)
        {
            Console.WriteLine($"{tag}@{image.ManifestDigest}");
        }

        return 0;
    }

    var config = BuilderToml.Read(options.Config!);
    var request = new BuilderCreateRequest
    {
        Config = config,
        Tags = options.Tags.Select(ImageReference.Parse).ToList(),
        Images = store,
        LifecyclePath = options.Lifecycle,
    };
    // Several [[targets]]: one builder per platform and an index over them (pack's multi-arch builder).
    if (MultiPlatformImage.Platforms(config.Targets) is { Count: > 1 } targets)
    {
        var (index, platforms) = await MultiPlatformImage.WriteAsync(
            targets, request.Tags, store, (platform, names, token) => BuilderWriter.CreateAsync(request with { Platform = platform, Tags = names }, store, token), cancellation.Token);
        Console.Error.WriteLine(
            $"builder-tool: {platforms[0].Buildpacks.Count} buildpacks, lifecycle {platforms[0].Lifecycle.Version}, platforms {string.Join(", ", index.Manifests.Select(m => $"{m.Platform} {m.Digest}"))}");
        foreach (var tag in options.Tags)
        {
            Console.WriteLine($"{tag}@{index.Index.Digest}");
        }

        return 0;
    }

    var result = await BuilderWriter.CreateAsync(request, store, cancellation.Token);
    Console.Error.WriteLine(
        $"builder-tool: {result.Buildpacks.Count} buildpacks ({string.Join(", ", result.Buildpacks.Select(b => b.ToString()))}), lifecycle {result.Lifecycle.Version}");
    foreach (var tag in options.Tags)
    {
        Console.WriteLine($"{tag}@{result.Image.ManifestDigest}");
    }

    return 0;
}
catch (Exception e) when (e is PlatformException or ImageException)
{
    Console.Error.WriteLine($"builder-tool: {e.Message}");
    return 1;
}
