using System.Collections.Concurrent;
using Buildpacks.Images.Model;

namespace Buildpacks.Images.Registry;

/// <summary>
/// What one <see cref="RegistryClient"/> already knows of its registry, so that it does not ask again: the manifests
/// and small blobs it read by digest (content named by its digest never changes, and was verified when read), and the
/// blobs it knows a repository holds (it read, uploaded or mounted them there, the registry said so, or a manifest read
/// there references them: a registry accepts a manifest only when its blobs are in that repository). A build reads its
/// run image three or four times (the platform, the analyzer, the exporter) and checks every layer of the previous
/// image before it writes; with this, each of those is one request per client.
/// Tags are never remembered: what a tag names is read every time.
/// </summary>
internal sealed class RegistryReadMemo
{
    // Blobs larger than this are read again rather than kept (configs are a few kilobytes).
    private const int MaxKeptBlobBytes = 1024 * 1024;

    private readonly ConcurrentDictionary<(string Repository, Digest Digest), RegistryManifest> _manifests = new();
    private readonly ConcurrentDictionary<(string Repository, Digest Digest), byte[]> _blobs = new();
    private readonly ConcurrentDictionary<(string Repository, Digest Digest), bool> _present = new();

    /// <summary>The manifest or index <paramref name="reference"/> names, when it is a digest this client read in <paramref name="repository"/>.</summary>
    public RegistryManifest? Manifest(string repository, string reference) =>
        Digest.TryParse(reference, out var digest) && _manifests.TryGetValue((repository, digest), out var manifest) ? manifest : null;

    /// <summary>Keeps a manifest or index read from (or written to) <paramref name="repository"/>, by its digest.</summary>
    public void KeepManifest(string repository, RegistryManifest manifest) => _manifests[(repository, manifest.Digest)] = manifest;

    /// <summary>A copy of the small blob this client read from <paramref name="repository"/>, or null.</summary>
    public byte[]? Blob(string repository, Digest digest) =>
        _blobs.TryGetValue((repository, digest), out var bytes) ? (byte[])bytes.Clone() : null;

    /// <summary>Keeps a small blob read (and verified) from <paramref name="repository"/>; it is there too.</summary>
    public void KeepBlob(string repository, Digest digest, byte[] bytes)
    {
        NotePresent(repository, digest);
        if (bytes.Length <= MaxKeptBlobBytes)
        {
            _blobs[(repository, digest)] = (byte[])bytes.Clone();
        }
    }

    /// <summary>Whether this client knows <paramref name="repository"/> holds the blob.</summary>
    public bool IsPresent(string repository, Digest digest) => _present.ContainsKey((repository, digest));

    /// <summary>Notes that <paramref name="repository"/> holds the blob.</summary>
    public void NotePresent(string repository, Digest digest) => _present[(repository, digest)] = true;
}
