using System.Globalization;
using System.Text;

namespace Buildpacks.Images.Layers;

/// <summary>
/// Encodes tar headers byte for byte as Go's <c>archive/tar</c> does with an unspecified format, which is what the CNB
/// reference lifecycle uses for every layer it writes: USTAR when every field fits (long names split into
/// prefix/name), else a PAX extended header named <c>&lt;dir&gt;/PaxHeaders.0/&lt;file&gt;</c> holding only the fields
/// that do not fit, records sorted by key, and no atime/ctime. We encode headers ourselves rather than use
/// System.Formats.Tar because its output depends on the runtime (PAX header names carry the process id, GNU entries
/// carry atime/ctime, and the bytes can change between .NET versions), while a layer's digest must depend only on its
/// content — whichever SDK's MSBuild runs us — and should match the Go lifecycle's for the same content.
/// </summary>
internal static class TarHeaderEncoder
{
    public const int BlockSize = 512;

    private const int NameSize = 100;
    private const int PrefixSize = 155;
    private const int MaxPaxDataSize = 1 << 20;

    // Field offsets and sizes of the ustar header (POSIX.1-1988).
    private const int NameOffset = 0;
    private const int ModeOffset = 100;
    private const int UidOffset = 108;
    private const int GidOffset = 116;
    private const int SizeOffset = 124;
    private const int MtimeOffset = 136;
    private const int ChecksumOffset = 148;
    private const int TypeFlagOffset = 156;
    private const int LinkNameOffset = 157;
    private const int MagicOffset = 257;
    private const int VersionOffset = 263;
    private const int DevMajorOffset = 329;
    private const int DevMinorOffset = 337;
    private const int PrefixOffset = 345;

    /// <summary>
    /// Encodes the header blocks for <paramref name="header"/>: one ustar block, or a PAX extended header (block plus
    /// padded records) followed by the ustar block. Content blocks are not included.
    /// </summary>
    public static byte[] Encode(TarHeader header)
    {
        var name = Encoding.UTF8.GetBytes(header.Name);
        var link = Encoding.UTF8.GetBytes(header.LinkName);
        ValidateString(name, header.Name, "name");
        ValidateString(link, header.Name, "link target");

        var pax = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var nameFits = IsAscii(name) && name.Length <= NameSize;
        var nameSplittable = TrySplitUstarPath(name, out var prefixLength);
        if (!nameFits)
        {
            pax["path"] = header.Name;
        }

        if (!IsAscii(link) || link.Length > NameSize)
        {
            pax["linkpath"] = header.LinkName;
        }

        if (!FitsInOctal(8, header.Uid))
        {
            pax["uid"] = header.Uid.ToString(CultureInfo.InvariantCulture);
        }

        if (!FitsInOctal(8, header.Gid))
        {
            pax["gid"] = header.Gid.ToString(CultureInfo.InvariantCulture);
        }

        if (!FitsInOctal(12, header.Size))
        {
            pax["size"] = header.Size.ToString(CultureInfo.InvariantCulture);
        }

        if (!FitsInOctal(8, header.Mode) || !FitsInOctal(12, header.ModificationTime))
        {
            throw new ArgumentOutOfRangeException(nameof(header), $"The mode or time of tar entry '{header.Name}' cannot be encoded.");
        }

        // USTAR is possible when the only thing that does not fit is a name that splits into prefix + name.
        var ustar = pax.Count == 0 || (pax.Count == 1 && pax.ContainsKey("path") && nameSplittable);
        if (ustar)
        {
            var block = new byte[BlockSize];
            if (nameFits)
            {
                WriteString(block.AsSpan(NameOffset, NameSize), name);
            }
            else
            {
                WriteString(block.AsSpan(PrefixOffset, PrefixSize), name.AsSpan(0, prefixLength));
                WriteString(block.AsSpan(NameOffset, NameSize), name.AsSpan(prefixLength + 1));
            }

            WriteMainFields(block, header, link);
            SetUstarMagicAndChecksum(block);
            return block;
        }

        var records = EncodePaxRecords(pax);
        var paxName = ToAscii(Encoding.UTF8.GetBytes(PaxHeaderName(header.Name)));
        if (paxName.Length > NameSize)
        {
            paxName = paxName[..NameSize];
        }

        paxName = TrimTrailingSlashes(paxName);
        var paxBlocks = BlockSize + Padded(records.Length);
        var result = new byte[paxBlocks + BlockSize];
        var paxHeader = result.AsSpan(0, BlockSize);
        WriteString(paxHeader.Slice(NameOffset, NameSize), paxName);
        WriteOctal(paxHeader.Slice(ModeOffset, 8), 0);
        WriteOctal(paxHeader.Slice(UidOffset, 8), 0);
        WriteOctal(paxHeader.Slice(GidOffset, 8), 0);
        WriteOctal(paxHeader.Slice(SizeOffset, 12), records.Length);
        WriteOctal(paxHeader.Slice(MtimeOffset, 12), 0);
        paxHeader[TypeFlagOffset] = TarHeader.PaxExtendedHeader;
        SetUstarMagicAndChecksum(paxHeader);
        records.CopyTo(result.AsSpan(BlockSize));

        var main = result.AsSpan(paxBlocks, BlockSize);
        WriteString(main.Slice(NameOffset, NameSize), ToAscii(name));
        WriteMainFields(main, header, ToAscii(link));
        SetUstarMagicAndChecksum(main);
        return result;
    }

    /// <summary>The size of <paramref name="length"/> content bytes rounded up to whole blocks.</summary>
    public static long Padded(long length) => (length + BlockSize - 1) / BlockSize * BlockSize;

    private static int Padded(int length) => (int)Padded((long)length);

    private static void WriteMainFields(Span<byte> block, TarHeader header, ReadOnlySpan<byte> link)
    {
        WriteOctalOrZero(block.Slice(ModeOffset, 8), header.Mode);
        WriteOctalOrZero(block.Slice(UidOffset, 8), header.Uid);
        WriteOctalOrZero(block.Slice(GidOffset, 8), header.Gid);
        WriteOctalOrZero(block.Slice(SizeOffset, 12), header.Size);
        WriteOctalOrZero(block.Slice(MtimeOffset, 12), header.ModificationTime);
        block[TypeFlagOffset] = header.TypeFlag;
        WriteString(block.Slice(LinkNameOffset, NameSize), link);

        // uname and gname stay empty; device numbers are written as zeros, as Go does for every entry.
        WriteOctal(block.Slice(DevMajorOffset, 8), 0);
        WriteOctal(block.Slice(DevMinorOffset, 8), 0);
    }

    private static void SetUstarMagicAndChecksum(Span<byte> block)
    {
        "ustar\0"u8.CopyTo(block[MagicOffset..]);
        "00"u8.CopyTo(block[VersionOffset..]);

        // The checksum is summed with its own field as spaces, then stored as six octal digits, NUL, space.
        long sum = 0;
        for (var i = 0; i < BlockSize; i++)
        {
            sum += i is >= ChecksumOffset and < ChecksumOffset + 8 ? (byte)' ' : block[i];
        }

        WriteOctal(block.Slice(ChecksumOffset, 7), sum);
        block[ChecksumOffset + 7] = (byte)' ';
    }

    private static byte[] EncodePaxRecords(SortedDictionary<string, string> records)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in records)
        {
            // "<length> <key>=<value>\n" where length counts itself (POSIX pax "extended header records").
            var payload = Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value) + 3;
            var length = payload + Digits(payload);
            if (Digits(length) != Digits(payload))
            {
                length = payload + Digits(length);
            }

            text.Append(length.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(key).Append('=').Append(value).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        return bytes.Length <= MaxPaxDataSize
            ? bytes
            : throw new ArgumentException("The PAX header of a tar entry is larger than 1 MiB.");
    }

    private static int Digits(int value) => value.ToString(CultureInfo.InvariantCulture).Length;

    /// <summary>Go's <c>path.Join(dir, "PaxHeaders.0", file)</c> for our already clean names.</summary>
    private static string PaxHeaderName(string name)
    {
        var slash = name.LastIndexOf('/');
        var directory = slash < 0 ? string.Empty : name[..slash].TrimEnd('/');
        var file = name[(slash + 1)..];
        var joined = slash < 0 ? "PaxHeaders.0" : (directory.Length == 0 && name.StartsWith('/') ? "/" : directory + "/") + "PaxHeaders.0";
        return file.Length == 0 ? joined : joined + "/" + file;
    }

    /// <summary>Go's <c>splitUSTARPath</c>: split at a slash so the prefix has at most 155 bytes and the name 100.</summary>
    private static bool TrySplitUstarPath(ReadOnlySpan<byte> name, out int prefixLength)
    {
        prefixLength = 0;
        var length = name.Length;
        if (length <= NameSize || !IsAscii(name))
        {
            return false;
        }

        if (length > PrefixSize + 1)
        {
            length = PrefixSize + 1;
        }
        else if (name[length - 1] == '/')
        {
            length--;
        }

        var i = name[..length].LastIndexOf((byte)'/');
        var suffixLength = name.Length - i - 1;
        if (i <= 0 || suffixLength > NameSize || suffixLength == 0 || i > PrefixSize)
        {
            return false;
        }

        prefixLength = i;
        return true;
    }

    /// <summary>Go's <c>formatString</c>: copy, NUL-terminate when shorter, and never leave a truncated name ending in '/'.</summary>
    private static void WriteString(Span<byte> field, ReadOnlySpan<byte> value)
    {
        var copied = Math.Min(field.Length, value.Length);
        value[..copied].CopyTo(field);
        if (value.Length < field.Length)
        {
            field[value.Length] = 0;
        }

        if (value.Length > field.Length && field[^1] == '/')
        {
            var kept = value[..(field.Length - 1)].TrimEnd((byte)'/').Length;
            field[kept] = 0;
        }
    }

    /// <summary>Zero-padded octal with a NUL in the last byte, e.g. <c>0000644\0</c>.</summary>
    private static void WriteOctal(Span<byte> field, long value)
    {
        var digits = Convert.ToString(value, 8);
        var padded = digits.Length < field.Length - 1 ? new string('0', field.Length - 1 - digits.Length) + digits : digits;
        WriteString(field, Encoding.ASCII.GetBytes(padded));
    }

    /// <summary>A value too large for its octal field is written as zero; the PAX record carries it.</summary>
    private static void WriteOctalOrZero(Span<byte> field, long value) =>
        WriteOctal(field, FitsInOctal(field.Length, value) ? value : 0);

    private static bool FitsInOctal(int fieldLength, long value) =>
        value >= 0 && (fieldLength >= 22 || value < 1L << ((fieldLength - 1) * 3));

    private static bool IsAscii(ReadOnlySpan<byte> value) => !value.ContainsAnyInRange((byte)0x80, (byte)0xFF);

    private static byte[] ToAscii(ReadOnlySpan<byte> value)
    {
        var kept = new List<byte>(value.Length);
        foreach (var b in value)
        {
            if (b is > 0 and < 0x80)
            {
                kept.Add(b);
            }
        }

        return [.. kept];
    }

    private static byte[] TrimTrailingSlashes(byte[] value) => value.AsSpan().TrimEnd((byte)'/').ToArray();

    private static void ValidateString(ReadOnlySpan<byte> value, string entry, string what)
    {
        if (value.Contains((byte)0))
        {
            throw new ArgumentException($"The {what} of tar entry '{entry}' contains a NUL character.");
        }
    }
}
