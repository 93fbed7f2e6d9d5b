using System.Text.Json.Serialization;

namespace Buildpacks.Images.Model;

/// <summary>An image platform (os/architecture/variant) as in an index entry or an image config.</summary>
public sealed record ImagePlatform
{
    /// <summary>The operating system, e.g. <c>linux</c>.</summary>
    [JsonPropertyName("os")]
    public required string Os { get; init; }

    /// <summary>The CPU architecture in GOARCH spelling, e.g. <c>amd64</c>, <c>arm64</c>.</summary>
    [JsonPropertyName("architecture")]
    public required string Architecture { get; init; }

    /// <summary>The CPU variant, e.g. <c>v8</c> for arm64, <c>v7</c> for arm.</summary>
    [JsonPropertyName("variant")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Variant { get; init; }

    /// <summary>The OS version (Windows images).</summary>
    [JsonPropertyName("os.version")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OsVersion { get; init; }

    /// <summary>Required OS features.</summary>
    [JsonPropertyName("os.features")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? OsFeatures { get; init; }

    /// <summary>linux/amd64, the default platform of our builds.</summary>
    public static ImagePlatform LinuxAmd64 { get; } = new() { Os = "linux", Architecture = "amd64" };

    /// <summary>
    /// Linux on this machine's CPU, in GOARCH spelling (<c>linux/amd64</c>, <c>linux/arm64</c>): what the lifecycle
    /// picks from a multi-platform image when no platform is asked for, as the reference lifecycle does.
    /// </summary>
    public static ImagePlatform Current { get; } = new() { Os = "linux", Architecture = GoArchitecture(System.Runtime.InteropServices.RuntimeInformation.OSArchitecture) };

    /// <summary>The GOARCH name of <paramref name="architecture"/> (<c>amd64</c>, <c>arm64</c>, <c>arm</c>, <c>386</c>…).</summary>
    public static string GoArchitecture(System.Runtime.InteropServices.Architecture architecture) => architecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        var other => other.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Parses <c>os/arch[/variant]</c> (e.g. <c>linux/arm64/v8</c>). Architecture aliases that users type
    /// (<c>x86_64</c>, <c>x64</c>, <c>aarch64</c>) are normalised to GOARCH names.
    /// </summary>
    public static ImagePlatform Parse(string value)
    {
        var parts = value.Trim().Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new FormatException($"'{value}' is not a platform: expected 'os/architecture' or 'os/architecture/variant', e.g. 'linux/amd64'.");
        }

        var os = parts[0].ToLowerInvariant();
        var (architecture, impliedVariant) = NormalizeArchitecture(parts[1].ToLowerInvariant());
        var variant = parts.Length == 3 ? parts[2].ToLowerInvariant() : impliedVariant;
        return new ImagePlatform { Os = os, Architecture = architecture, Variant = variant };
    }

    /// <summary>
    /// Whether an image of <paramref name="candidate"/> can serve a request for this platform: same os and
    /// architecture, and the same variant when this one names a variant (arm64's <c>v8</c> is its default).
    /// </summary>
    public bool Matches(ImagePlatform candidate)
    {
        if (!string.Equals(Os, candidate.Os, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(Architecture, candidate.Architecture, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (string.IsNullOrEmpty(Variant))
        {
            return true;
        }

        var candidateVariant = string.IsNullOrEmpty(candidate.Variant) ? DefaultVariant(candidate.Architecture) : candidate.Variant;
        return string.Equals(Variant, candidateVariant, StringComparison.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    private static string? DefaultVariant(string architecture) => architecture switch
    {
        "arm64" => "v8",
        _ => null,
    };

    private static (string Architecture, string? Variant) NormalizeArchitecture(string architecture) => architecture switch
    {
        "x86_64" or "x86-64" or "x64" => ("amd64", null),
        "aarch64" => ("arm64", null),
        "armhf" or "armv7" or "armv7l" => ("arm", "v7"),
        "armel" or "armv6" => ("arm", "v6"),
        "i386" or "x86" => ("386", null),
        _ => (architecture, null),
    };
}
