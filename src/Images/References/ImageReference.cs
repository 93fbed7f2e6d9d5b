using System.Text.RegularExpressions;
using Buildpacks.Images.Model;

namespace Buildpacks.Images.References;

/// <summary>
/// A parsed image reference following the Docker reference grammar (distribution/reference):
/// <c>[registry[:port]/]path[:tag][@digest]</c>. A name without a registry means Docker Hub (<c>docker.io</c>),
/// and a single-component Docker Hub name lives under <c>library/</c>.
/// </summary>
public sealed partial record ImageReference
{
    /// <summary>The registry name used for Docker Hub.</summary>
    public const string DockerHub = "docker.io";

    /// <summary>The tag implied when a reference names neither tag nor digest.</summary>
    public const string DefaultTag = "latest";

    private const int MaxNameLength = 255;

    private ImageReference(string registry, string repository, string? tag, Digest? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry host (with port if any), e.g. <c>docker.io</c>, <c>localhost:5000</c>.</summary>
    public string Registry { get; }

    /// <summary>The repository path within the registry, e.g. <c>library/ubuntu</c>.</summary>
    public string Repository { get; }

    /// <summary>The tag, or null when the reference names only a digest or nothing.</summary>
    public string? Tag { get; }

    /// <summary>The digest, when the reference pins one.</summary>
    public Digest? Digest { get; }

    /// <summary>The tag or digest to ask a registry for: the digest when pinned, else the tag, else <c>latest</c>.</summary>
    public string Identifier => Digest?.ToString() ?? Tag ?? DefaultTag;

    /// <summary>The fully-qualified repository name, e.g. <c>docker.io/library/ubuntu</c>.</summary>
    public string Name => $"{Registry}/{Repository}";

    /// <summary>
    /// The name as users write it: Docker Hub's <c>docker.io/</c> and <c>library/</c> prefixes dropped, e.g. <c>ubuntu</c>.
    /// </summary>
    public string FamiliarName =>
        Registry == DockerHub
            ? (Repository.StartsWith("library/", StringComparison.Ordinal) && Repository.IndexOf('/', 8) < 0 ? Repository[8..] : Repository)
            : Name;

    /// <summary>Whether the registry is on this machine (plain HTTP is allowed there).</summary>
    public bool IsLoopbackRegistry => IsLoopbackHost(Registry);

    /// <summary>
    /// Parses a reference. Throws <see cref="InvalidImageReferenceException"/> with the reason when it is not valid
    /// (uppercase in the path, empty components, bad tag or digest, too long).
    /// </summary>
    public static ImageReference Parse(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Length == 0 || reference.Trim() != reference)
        {
            throw new InvalidImageReferenceException(reference, "an image reference must be non-empty and have no surrounding white space");
        }

        var remainder = reference;
        Digest? digest = null;
        var at = remainder.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var digestText = remainder[(at + 1)..];
            if (!Model.Digest.TryParse(digestText, out var parsed))
            {
                throw new InvalidImageReferenceException(reference, $"'{digestText}' is not a valid digest (expected sha256: and 64 lower-case hex digits)");
            }

            digest = parsed;
            remainder = remainder[..at];
        }

        string? tag = null;
        var lastColon = remainder.LastIndexOf(':');
        if (lastColon > remainder.LastIndexOf('/'))
        {
            tag = remainder[(lastColon + 1)..];
            remainder = remainder[..lastColon];
            if (!TagPattern().IsMatch(tag))
            {
                throw new InvalidImageReferenceException(reference, $"'{tag}' is not a valid tag (up to 128 of [A-Za-z0-9_.-], not starting with '.' or '-')");
            }
        }

        var (registry, path) = SplitDomain(remainder);
        ValidateRegistry(reference, registry);
        ValidatePath(reference, path);

        if (registry == DockerHub && !path.Contains('/', StringComparison.Ordinal))
        {
            path = "library/" + path;
        }

        if (registry.Length + 1 + path.Length > MaxNameLength)
        {
            throw new InvalidImageReferenceException(reference, $"the repository name is longer than {MaxNameLength} characters");
        }

        return new ImageReference(registry, path, tag, digest);
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? reference, out ImageReference? result)
    {
        result = null;
        if (reference is null)
        {
            return false;
        }

        try
        {
            result = Parse(reference);
            return true;
        }
        catch (InvalidImageReferenceException)
        {
            return false;
        }
    }

    /// <summary>The same repository with another tag (and no digest).</summary>
    public ImageReference WithTag(string tag)
    {
        if (!TagPattern().IsMatch(tag))
        {
            throw new InvalidImageReferenceException($"{Name}:{tag}", $"'{tag}' is not a valid tag");
        }

        return new ImageReference(Registry, Repository, tag, null);
    }

    /// <summary>The same repository pinned to a digest (the tag is dropped).</summary>
    public ImageReference WithDigest(Digest digest) => new(Registry, Repository, null, digest);

    /// <summary>Another repository of the same registry with the same tag and digest.</summary>
    public ImageReference WithRepository(string repository) => Parse($"{Registry}/{repository}{Suffix}");

    /// <summary>The fully-qualified form, e.g. <c>docker.io/library/ubuntu:22.04</c>.</summary>
    public override string ToString() => Name + Suffix;

    /// <summary>The familiar form users type, e.g. <c>ubuntu:22.04</c>.</summary>
    public string ToFamiliarString() => FamiliarName + Suffix;

    /// <summary>Whether <paramref name="host"/> (with optional port) names this machine.</summary>
    public static bool IsLoopbackHost(string host)
    {
        var hostOnly = host;
        if (hostOnly.StartsWith('['))
        {
            var close = hostOnly.IndexOf(']', StringComparison.Ordinal);
            hostOnly = close > 0 ? hostOnly[1..close] : hostOnly;
        }
        else
        {
            var colon = hostOnly.LastIndexOf(':');
            hostOnly = colon > 0 ? hostOnly[..colon] : hostOnly;
        }

        return hostOnly == "localhost"
            || hostOnly == "::1"
            || (System.Net.IPAddress.TryParse(hostOnly, out var address) && System.Net.IPAddress.IsLoopback(address));
    }

    private string Suffix => (Tag is null ? string.Empty : ":" + Tag) + (Digest is null ? string.Empty : "@" + Digest);

    // distribution/reference: the first component is a registry when it has a '.' or ':' or is 'localhost',
    // or when it has an upper-case letter (which a path component never may).
    private static (string Registry, string Path) SplitDomain(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (DockerHub, name);
        }

        var first = name[..slash];
        if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal)
            || first == "localhost" || first.Any(char.IsAsciiLetterUpper))
        {
            var registry = first is "index.docker.io" or "registry-1.docker.io" ? DockerHub : first;
            return (registry, name[(slash + 1)..]);
        }

        return (DockerHub, name);
    }

    private static void ValidateRegistry(string reference, string registry)
    {
        if (!RegistryPattern().IsMatch(registry))
        {
            throw new InvalidImageReferenceException(reference, $"'{registry}' is not a valid registry host[:port]");
        }
    }

    private static void ValidatePath(string reference, string path)
    {
        if (path.Length == 0)
        {
            throw new InvalidImageReferenceException(reference, "the repository name is empty");
        }

        if (path.Any(char.IsAsciiLetterUpper))
        {
            throw new InvalidImageReferenceException(reference, $"repository names must be lower-case; use '{path.ToLowerInvariant()}'");
        }

        foreach (var component in path.Split('/'))
        {
            if (!PathComponentPattern().IsMatch(component))
            {
                throw new InvalidImageReferenceException(
                    reference,
                    component.Length == 0
                        ? "the repository name has an empty path component ('//' or a leading or trailing '/')"
                        : $"'{component}' is not a valid repository component (lower-case letters and digits, separated by '.', '_', '__' or '-')");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$")]
    private static partial Regex PathComponentPattern();

    // A host name (labels of letters, digits and '-'), an IPv4 address, or a bracketed IPv6 address; optional port.
    [GeneratedRegex(@"^(?:(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])(?:\.(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]))*|\[[0-9A-Fa-f:.]+\])(?::[0-9]+)?$")]
    private static partial Regex RegistryPattern();
}
