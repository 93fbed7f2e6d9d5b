using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Indexes;
using Buildpacks.Images.Stores.Layout;

namespace Buildpacks.Tools.StackImages;

/// <summary>
/// <c>stack-images index</c>: the multi-platform stack. build/stack.sh writes each platform's images under
/// <c>TAG-&lt;rid&gt;</c> (e.g. <c>run:bookworm-linux-arm64</c>, and the v2 run image <c>run:bookworm-linux-arm64-v2</c>);
/// this writes an image index over them under TAG (and TAG-v2), for the build image and both run images, in a registry or
/// the layouts.
/// </summary>
internal static class StackIndexes
{
    public const string Usage = "usage: stack-images index (--registry HOST:PORT | --layout DIR) --repository-prefix NAME --tag TAG --rid RID [--rid RID…]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        string? registry = null, layout = null, prefix = null, tag = null;
        var rids = new List<string>();
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            switch (args[i])
            {
                case "--registry": registry = args[i + 1]; break;
                case "--layout": layout = args[i + 1]; break;
                case "--repository-prefix": prefix = args[i + 1]; break;
                case "--tag": tag = args[i + 1]; break;
                case "--rid": rids.Add(args[i + 1]); break;
                default: throw new FormatException($"unknown argument '{args[i]}'.");
            }
        }

        if (args.Count % 2 != 0 || (registry is null) == (layout is null) || prefix is null || tag is null || rids.Count == 0)
        {
            throw new FormatException("give --registry or --layout, --repository-prefix, --tag and at least one --rid.");
        }

        using var registryStore = new RegistryStore(new RegistrySettings());
        var host = registry ?? "localhost";
        // Each platform's images are the ones 'stack-images' wrote with --tag TAG-<rid>: build and run under TAG-<rid>,
        // the v2 run image under TAG-<rid>-v2.
        foreach (var (repository, name, suffix) in new[] { ("build", tag, ""), ("run", tag, ""), ("run", $"{tag}-v2", "-v2") })
        {
            IImageIndexStore store = layout is null ? registryStore : new OciLayoutImageStore(Path.Combine(layout, repository));
            var index = ImageReference.Parse($"{host}/{prefix}/{repository}:{name}");
            var images = new List<StoredImage>();
            foreach (var rid in rids)
            {
                var platform = Platform(rid);
                var member = index.WithTag($"{tag}-{rid}{suffix}");
                images.Add(await store.TryReadImageAsync(member, platform, cancellationToken).ConfigureAwait(false)
                    ?? throw new IOException($"{member} ({platform}) is not in {store.Description}; write the stack of {rid} first."));
            }

            var written = await store.WriteIndexAsync(new IndexWriteRequest { Tags = [index], Images = images }, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"{index} {written.Index.Digest} index of {string.Join(", ", written.Manifests.Select(m => m.Platform))}");
        }

        return 0;
    }

    private static ImagePlatform Platform(string rid) => rid switch
    {
        "linux-x64" => ImagePlatform.LinuxAmd64,
        "linux-arm64" => ImagePlatform.Parse("linux/arm64"),
        _ => throw new FormatException($"'{rid}' is not a RID the stack is made for (linux-x64, linux-arm64)."),
    };
}
