namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>
/// The layers of a registry image that hold the app (entries under <c>workspace/</c>): each with its blob digest, its
/// compressed size and the files it holds, relative to the app directory, bottom first.
/// </summary>
public sealed record AppSlices(IReadOnlyList<AppSlice> Layers)
{
    /// <summary>Reads the app layers of <paramref name="image"/> (name:tag in the loopback registry), copying it into <paramref name="layout"/>.</summary>
    public static async Task<AppSlices> ReadAsync(string image, string layout)
    {
        var tag = Guid.NewGuid().ToString("N");
        await Skopeo.CopyToLayoutAsync("docker://" + image, layout, tag);
        var entries = await LayoutLayers.ReadAsync(layout, tag);
        var blobs = await Skopeo.ManifestLayersAsync("docker://" + image);
        var layers = new List<AppSlice>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Count > 0 && entries[i].All(e => e == "workspace" || e.StartsWith("workspace/", StringComparison.Ordinal)))
            {
                var files = entries[i].Where(e => e.StartsWith("workspace/", StringComparison.Ordinal)).Select(e => e["workspace/".Length..]).ToList();
                layers.Add(new AppSlice(i, blobs[i].Digest, blobs[i].Size, files));
            }
        }

        return new AppSlices(layers);
    }

    /// <summary>The app layer that holds <paramref name="file"/>.</summary>
    public AppSlice Holding(string file) => Layers.Single(l => l.Entries.Contains(file));
}

/// <summary>One app layer.</summary>
/// <param name="Position">Its index among all the image's layers.</param>
/// <param name="Digest">Its blob's digest.</param>
/// <param name="Size">Its blob's (compressed) size.</param>
/// <param name="Entries">Its files and directories, relative to the app directory.</param>
public sealed record AppSlice(int Position, string Digest, long Size, IReadOnlyList<string> Entries)
{
    /// <summary>The entries that are files of <paramref name="publishDirectory"/> (the directories left out), sorted.</summary>
    public IReadOnlyList<string> FilesOf(string publishDirectory) =>
        [.. Entries.Where(e => File.Exists(Path.Combine(publishDirectory, e))).Order(StringComparer.Ordinal)];
}
