using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Buildpacks.Images.Model;

/// <summary>
/// A content digest (<c>algorithm:hex</c>) as the OCI image spec defines it. Only sha256 is produced; sha512 is
/// accepted when reading so that foreign images stay addressable.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.DigestJsonConverter))]
public readonly partial record struct Digest
{
    private Digest(string algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    /// <summary>The algorithm part, e.g. <c>sha256</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The lower-case hex encoding of the hash.</summary>
    public string Hex { get; }

    /// <summary>Parses <c>sha256:&lt;64 hex&gt;</c> (or sha512); throws <see cref="FormatException"/> otherwise.</summary>
    public static Digest Parse(string value) =>
        TryParse(value, out var digest)
            ? digest
            : throw new FormatException($"'{value}' is not a valid digest: expected 'sha256:' followed by 64 lower-case hex characters.");

    /// <summary>Parses a digest without throwing.</summary>
    public static bool TryParse(string? value, out Digest digest)
    {
        digest = default;
        if (value is null)
        {
            return false;
        }

        var match = DigestPattern().Match(value);
        if (!match.Success)
        {
            return false;
        }

        var algorithm = match.Groups[1].Value;
        var hex = match.Groups[2].Value;
        var expectedLength = algorithm switch { "sha256" => 64, "sha512" => 128, _ => -1 };
        if (hex.Length != expectedLength)
        {
            return false;
        }

        digest = new Digest(algorithm, hex);
        return true;
    }

    /// <summary>Makes a sha256 digest from a finished hash.</summary>
    public static Digest FromSha256(ReadOnlySpan<byte> hash) => new("sha256", Convert.ToHexString(hash).ToLowerInvariant());

    /// <summary>The sha256 digest of <paramref name="content"/>.</summary>
    public static Digest Compute(ReadOnlySpan<byte> content) => FromSha256(SHA256.HashData(content));

    /// <summary>The sha256 digest of a stream's remaining content, read in a streaming fashion.</summary>
    public static async Task<Digest> ComputeAsync(Stream content, CancellationToken cancellationToken)
    {
        var hash = await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false);
        return FromSha256(hash);
    }

    /// <summary>A new incremental hasher of this digest's algorithm, for verifying content as it streams.</summary>
    public IncrementalHash CreateHasher() => Algorithm switch
    {
        "sha512" => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
        _ => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
    };

    /// <summary>Whether this is the default (unset) value.</summary>
    public bool IsEmpty => Hex is null;

    /// <inheritdoc />
    public override string ToString() => IsEmpty ? string.Empty : $"{Algorithm}:{Hex}";

    [GeneratedRegex("^([a-z0-9]+(?:[.+_-][a-z0-9]+)*):([a-f0-9]+)$")]
    private static partial Regex DigestPattern();
}
