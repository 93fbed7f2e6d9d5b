using System.Globalization;

namespace Buildpacks.Lifecycle.Api;

/// <summary>
/// A CNB API version: <c>&lt;major&gt;.&lt;minor&gt;</c> or <c>&lt;major&gt;</c> (meaning <c>&lt;major&gt;.0</c>),
/// both unsigned integers (spec README, "API Versions").
/// </summary>
public readonly record struct ApiVersion(int Major, int Minor) : IComparable<ApiVersion>
{
    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> when it is not a valid API version.</summary>
    public static ApiVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not a valid API version (expected <major>.<minor>)");

    /// <summary>Parses <paramref name="text"/> without throwing.</summary>
    public static bool TryParse(string? text, out ApiVersion version)
    {
        version = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var parts = text.Split('.');
        if (parts.Length > 2 || !TryParsePart(parts[0], out var major))
        {
            return false;
        }

        var minor = 0;
        if (parts.Length == 2 && !TryParsePart(parts[1], out minor))
        {
            return false;
        }

        version = new ApiVersion(major, minor);
        return true;
    }

    private static bool TryParsePart(string part, out int value) =>
        int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>True when this version is the same as or newer than <paramref name="other"/>.</summary>
    public bool AtLeast(ApiVersion other) => CompareTo(other) >= 0;

    /// <summary>True when this version is the same as or newer than the version written as <paramref name="other"/>.</summary>
    public bool AtLeast(string other) => AtLeast(Parse(other));

    /// <inheritdoc />
    public int CompareTo(ApiVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    /// <summary>Orders versions.</summary>
    public static bool operator <(ApiVersion left, ApiVersion right) => left.CompareTo(right) < 0;

    /// <summary>Orders versions.</summary>
    public static bool operator >(ApiVersion left, ApiVersion right) => left.CompareTo(right) > 0;

    /// <summary>Orders versions.</summary>
    public static bool operator <=(ApiVersion left, ApiVersion right) => left.CompareTo(right) <= 0;

    /// <summary>Orders versions.</summary>
    public static bool operator >=(ApiVersion left, ApiVersion right) => left.CompareTo(right) >= 0;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");
}
