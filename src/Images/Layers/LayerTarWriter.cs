using System.Buffers;

namespace Buildpacks.Images.Layers;

/// <summary>
/// Writes planned entries as a tar stream: headers from <see cref="TarHeaderEncoder"/>, content streamed from its
/// source in pooled chunks, zero padding to 512 bytes, and two zero blocks at the end. Like Go's writer it does not
/// pad the archive to a 10 KiB record; layers are not tapes.
/// </summary>
internal static class LayerTarWriter
{
    private const int CopyBufferSize = 128 * 1024;

    public static async Task WriteAsync(IReadOnlyList<LayerPlan.PlannedEntry> entries, Stream output, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            foreach (var entry in entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (entry.Content is null)
                {
                    await output.WriteAsync(TarHeaderEncoder.Encode(entry.Header), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var content = entry.Content.Open();
                await using (content.ConfigureAwait(false))
                {
                    var size = content.Length;
                    await output.WriteAsync(TarHeaderEncoder.Encode(entry.Header with { Size = size }), cancellationToken).ConfigureAwait(false);
                    await CopyExactlyAsync(content, output, size, buffer, entry, cancellationToken).ConfigureAwait(false);
                    var padding = (int)(TarHeaderEncoder.Padded(size) - size);
                    if (padding > 0)
                    {
                        Array.Clear(buffer, 0, padding);
                        await output.WriteAsync(buffer.AsMemory(0, padding), cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            Array.Clear(buffer, 0, 2 * TarHeaderEncoder.BlockSize);
            await output.WriteAsync(buffer.AsMemory(0, 2 * TarHeaderEncoder.BlockSize), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task CopyExactlyAsync(Stream source, Stream output, long size, byte[] buffer, LayerPlan.PlannedEntry entry, CancellationToken cancellationToken)
    {
        var remaining = size;
        while (remaining > 0)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new LayerSourceException(entry.Content!.Description, $"it shrank from {size} to {size - remaining} bytes while layer entry '{entry.Path}' was written");
            }

            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            remaining -= read;
        }

        // A file that grew would give a tar whose header lies about the size; refuse it rather than truncate silently.
        if (await source.ReadAsync(buffer.AsMemory(0, 1), cancellationToken).ConfigureAwait(false) != 0)
        {
            throw new LayerSourceException(entry.Content!.Description, $"it grew beyond {size} bytes while layer entry '{entry.Path}' was written");
        }
    }
}
