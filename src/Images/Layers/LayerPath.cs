using System.Text;

namespace Buildpacks.Images.Layers;

/// <summary>
/// A path inside a layer as its segments (no empty, <c>.</c> or <c>..</c> segment). Ordering is the order a layer's
/// entries are written in: segment by segment, each compared by UTF-8 bytes — a depth-first walk with every directory's
/// children sorted by name, parents before children. That is the order of Go's <c>filepath.Walk</c> (so of the
/// reference lifecycle) and of <c>tar --sort=name</c>, and it does not depend on the file system's listing order.
/// </summary>
internal sealed class LayerPath : IComparable<LayerPath>, IEquatable<LayerPath>
{
    private LayerPath(string[] segments)
    {
        Segments = segments;
        Value = string.Join('/', segments);
    }

    /// <summary>The segments, root first.</summary>
    public string[] Segments { get; }

    /// <summary>The segments joined with '/', no leading or trailing slash.</summary>
    public string Value { get; }

    /// <summary>The number of segments.</summary>
    public int Depth => Segments.Length;

    /// <summary>
    /// Parses a caller's path: leading '/' and './' and trailing '/' are ignored; '.' and '..' segments, empty paths and
    /// NUL are refused, because a layer must not say anything about where it lands beyond its own root.
    /// </summary>
    public static LayerPath Parse(string path, bool allowEmpty = false)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var start = 0;
        while (start < segments.Length && segments[start] == ".")
        {
            start++;
        }

        var kept = segments[start..];
        foreach (var segment in kept)
        {
            if (segment is "." or ".." || segment.Contains('\0'))
            {
                throw new ArgumentException($"The layer path '{path}' has a '{segment}' segment; paths in a layer must be plain relative paths.");
            }
        }

        if (kept.Length == 0 && !allowEmpty)
        {
            throw new ArgumentException($"The layer path '{path}' is empty.");
        }

        return new LayerPath(kept);
    }

    /// <summary>This path under <paramref name="parent"/>.</summary>
    public LayerPath Under(LayerPath parent) => parent.Depth == 0 ? this : new LayerPath([.. parent.Segments, .. Segments]);

    /// <summary>Every proper ancestor, outermost first.</summary>
    public IEnumerable<LayerPath> Ancestors()
    {
        for (var i = 1; i < Segments.Length; i++)
        {
            yield return new LayerPath(Segments[..i]);
        }
    }

    /// <inheritdoc />
    public int CompareTo(LayerPath? other)
    {
        if (other is null)
        {
            return 1;
        }

        var common = Math.Min(Depth, other.Depth);
        for (var i = 0; i < common; i++)
        {
            var order = CompareUtf8(Segments[i], other.Segments[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return Depth.CompareTo(other.Depth);
    }

    /// <summary>Compares two names by their UTF-8 bytes (the same as by Unicode code points).</summary>
    public static int CompareUtf8(string a, string b) =>
        Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));

    /// <inheritdoc />
    public bool Equals(LayerPath? other) => other is not null && Value == other.Value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LayerPath);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
