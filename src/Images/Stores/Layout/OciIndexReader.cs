using Buildpacks.Images.Json;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores.Indexes;

namespace Buildpacks.Images.Stores.Layout;

/// <summary>Finds the image index a reference names in an OCI layout (a directory or one inside an archive).</summary>
internal static class OciIndexReader
{
    /// <summary>
    /// The index <paramref name="reference"/> names in <paramref name="topIndex"/> (a layout's <c>index.json</c>), or
    /// null when the name is absent or names a single image.
    /// </summary>
    public static async Task<StoredIndex?> TryReadAsync(
        IOciBlobSource source,
        IImageIndexStore store,
        ImageIndex topIndex,
        ImageReference reference,
        CancellationToken cancellationToken)
    {
        var entry = OciLayoutNames.FindEntries(topIndex, reference).FirstOrDefault(e => MediaTypes.IsIndex(e.MediaType));
        if (entry is null)
        {
            return null;
        }

        var bytes = await OciBlobReader.ReadDocumentAsync(source, entry, cancellationToken).ConfigureAwait(false);
        return new StoredIndex
        {
            Reference = reference,
            Store = store,
            Descriptor = new Descriptor { MediaType = entry.MediaType, Digest = entry.Digest, Size = entry.Size },
            Index = ImageJson.ParseIndex(bytes, $"{source.Description} blob {entry.Digest}"),
        };
    }
}
