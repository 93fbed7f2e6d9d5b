namespace Buildpacks.Samples.DirectoryImage;

/// <summary>The demo's command line.</summary>
internal sealed record DemoOptions(string Directory, string Image, string? Layout, string? Archive, string Busybox)
{
    /// <summary>Parses <c>--name value</c> pairs; null when a required one is missing or one is unknown.</summary>
    public static DemoOptions? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }

            values[args[i][2..]] = args[i + 1];
        }

        if (args.Length % 2 != 0 || !values.TryGetValue("dir", out var directory) || !values.TryGetValue("image", out var image)
            || values.Keys.Except(["dir", "image", "layout", "archive", "busybox"]).Any())
        {
            return null;
        }

        return new DemoOptions(directory, image, values.GetValueOrDefault("layout"), values.GetValueOrDefault("archive"), values.GetValueOrDefault("busybox") ?? "/bin/busybox");
    }
}
