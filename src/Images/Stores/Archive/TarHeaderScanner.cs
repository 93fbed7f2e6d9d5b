using System.Text;

namespace Buildpacks.Images.Stores.Archive;

/// <summary>
/// Walks the headers of a tar archive on a seekable stream and records where each regular file's data starts,
/// seeking over the data instead of reading it. Understands ustar (with prefix), PAX <c>path</c>/<c>size</c> records
/// and GNU long names and base-256 sizes: what Go's archive/tar (docker, skopeo, podman) and GNU tar write.
/// </summary>
internal static class TarHeaderScanner
{
    private const int BlockSize = 512;

    public static async Task<Dictionary<string, (long Offset, long Length)>> ScanAsync(Stream stream, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        var header = new byte[BlockSize];
        string? pendingName = null;
        long? pendingSize = null;
        while (true)
        {
            var read = await ReadBlockAsync(stream, header, cancellationToken).ConfigureAwait(false);
            if (!read || header.All(b => b == 0))
            {
                return files;
            }

            var type = (char)header[156];
            var size = pendingSize ?? ParseNumber(header.AsSpan(124, 12));
            var dataOffset = stream.Position;
            switch (type)
            {
                case 'x':
                    (pendingName, pendingSize) = ParsePax(await ReadDataAsync(stream, size, cancellationToken).ConfigureAwait(false), pendingName, pendingSize);
                    continue;
                case 'L':
                    pendingName = Encoding.UTF8.GetString(await ReadDataAsync(stream, size, cancellationToken).ConfigureAwait(false)).TrimEnd('\0');
                    continue;
                case 'g' or 'K':
                    stream.Position = dataOffset + Padded(size);
                    continue;
            }

            var name = pendingName ?? NameOf(header);
            pendingName = null;
            pendingSize = null;
            if (type is '0' or '\0' or '7')
            {
                files[TarIndex.Normalize(name)] = (dataOffset, size);
            }

            // Only regular files carry data we use; other types' size field is skipped the same way.
            stream.Position = dataOffset + (type is '0' or '\0' or '7' ? Padded(size) : 0);
        }
    }

    private static long Padded(long size) => (size + BlockSize - 1) / BlockSize * BlockSize;

    private static async Task<bool> ReadBlockAsync(Stream stream, byte[] block, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < block.Length)
        {
            var n = await stream.ReadAsync(block.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                // An archive that ends without its two zero blocks (some writers omit them) ends here too.
                return total == 0 ? false : throw new EndOfStreamException("the archive ends inside a tar header");
            }

            total += n;
        }

        return true;
    }

    private static async Task<byte[]> ReadDataAsync(Stream stream, long size, CancellationToken cancellationToken)
    {
        if (size > 1024 * 1024)
        {
            throw new InvalidDataException($"an extended tar header of {size} bytes is implausibly large");
        }

        var data = new byte[size];
        await stream.ReadExactlyAsync(data, cancellationToken).ConfigureAwait(false);
        stream.Position += Padded(size) - size;
        return data;
    }

    private static string NameOf(byte[] header)
    {
        var name = CString(header.AsSpan(0, 100));
        var isUstar = header.AsSpan(257, 5).SequenceEqual("ustar"u8);
        var prefix = isUstar ? CString(header.AsSpan(345, 155)) : string.Empty;
        return prefix.Length > 0 ? prefix + "/" + name : name;
    }

    private static string CString(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    private static long ParseNumber(ReadOnlySpan<byte> field)
    {
        if ((field[0] & 0x80) != 0)
        {
            // base-256: big-endian in the remaining bytes.
            long value = field[0] & 0x7f;
            foreach (var b in field[1..])
            {
                value = (value << 8) | b;
            }

            return value;
        }

        var text = Encoding.ASCII.GetString(field).Trim('\0', ' ');
        return text.Length == 0 ? 0 : Convert.ToInt64(text, 8);
    }

    // PAX records: "<length> <key>=<value>\n"; only path and size matter for finding file data.
    private static (string? Name, long? Size) ParsePax(byte[] data, string? name, long? size)
    {
        var position = 0;
        while (position < data.Length)
        {
            var space = Array.IndexOf(data, (byte)' ', position);
            if (space < 0 || !int.TryParse(Encoding.ASCII.GetString(data, position, space - position), out var length) || length <= 0)
            {
                throw new InvalidDataException("malformed PAX extended header");
            }

            var record = Encoding.UTF8.GetString(data, space + 1, position + length - space - 2);
            var equals = record.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                var key = record[..equals];
                var value = record[(equals + 1)..];
                if (key == "path")
                {
                    name = value;
                }
                else if (key == "size")
                {
                    size = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            position += length;
        }

        return (name, size);
    }
}
