using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Buildpacks.Platform.Execution.AppFiles;

namespace Buildpacks.Platform.Execution.Incremental;

/// <summary>
/// A hash of everything that makes a build's image: the app files the build would use (relative path, kind, mode,
/// and the SHA-256 of each file's content or a link's target, streamed), the files of read-only bindings, and the
/// request's configuration (all of it but <see cref="BuildRequest.Verbose"/> and where the app directory happens to
/// be). Equal fingerprints mean the same build inputs, so MSBuild can skip the image step. A builder or run image
/// named by a tag that moved is not seen here: the stamp records what they resolved to (<see cref="StampCheck"/>).
/// </summary>
public sealed record BuildFingerprint
{
    // Bumped when what goes into the hash changes, so older stamps never match.
    private const string Scheme = "buildpacks-msbuild fingerprint 2";

    private BuildFingerprint(string value) => Value = value;

    /// <summary>The hash, <c>sha256:&lt;hex&gt;</c>.</summary>
    public string Value { get; }

    /// <summary>Wraps a fingerprint read back (e.g. from a stamp).</summary>
    public static BuildFingerprint FromValue(string value) => new(value);

    /// <summary>
    /// Computes the fingerprint of <paramref name="request"/> and its app directory; with <paramref name="digestCache"/>
    /// (a file beside the stamp), files whose size and time are as they were when last hashed are not read again.
    /// </summary>
    public static async Task<BuildFingerprint> ComputeAsync(BuildRequest request, CancellationToken cancellationToken, string? digestCache = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var digests = digestCache is null ? FileDigestCache.None : FileDigestCache.Load(digestCache);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Add(hash, Scheme);
        AddConfiguration(hash, request);
        Add(hash, "app");
        await AddFilesAsync(hash, request.AppDirectory, AppFileSelection.Create(request.Include, request.Exclude), digests, cancellationToken).ConfigureAwait(false);
        foreach (var binding in request.Bindings.Where(b => b.ReadOnly && Directory.Exists(b.Source)))
        {
            Add(hash, "binding " + binding.Target);
            await AddFilesAsync(hash, binding.Source, AppFileSelection.All, digests, cancellationToken).ConfigureAwait(false);
        }

        digests.Save();
        return new BuildFingerprint("sha256:" + Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant());
    }

    /// <inheritdoc />
    public override string ToString() => Value;

    private static void AddConfiguration(IncrementalHash hash, BuildRequest r)
    {
        Add(hash, "tags", string.Join(",", r.Tags));
        Add(hash, "builder", r.Builder.ToString());
        Add(hash, "run-image", r.RunImage?.ToString());
        Add(hash, ["run-image-mirrors", .. r.RunImageMirrors.Select(m => m.ToString())]);
        Add(hash, "destination", r.Destination.Kind.ToString(), r.Destination.Path);
        Add(hash, "platform", r.Platform is null ? null : $"{r.Platform.Os}/{r.Platform.Architecture}/{r.Platform.Variant}");
        Add(hash, "default-process", r.DefaultProcess);
        AddPairs(hash, "env", r.Environment);
        Add(hash, ["buildpacks", .. r.Buildpacks]);
        foreach (var binding in r.Bindings)
        {
            Add(hash, "binding", binding.Source, binding.Target, binding.ReadOnly.ToString());
        }

        // Which secrets go where, never their values: a secret that changed (a rotated token) makes the same image.
        foreach (var secret in r.Secrets)
        {
            Add(hash, "secret", secret.Variable, secret.Binding, secret.Key, secret.Type);
        }

        AddPairs(hash, "labels", r.Labels);
        Add(hash, ["ports", .. r.ExposedPorts]);
        AddPairs(hash, "runtime-env", r.RuntimeEnvironment);
        Add(hash, ["include", .. r.Include]);
        Add(hash, ["exclude", .. r.Exclude]);
        Add(hash, "cache", r.Cache.Image?.ToString(), r.Cache.Volume, r.Cache.Directory, r.Cache.Clear.ToString());

        // No created time means SOURCE_DATE_EPOCH's, or the fixed one: both are inputs then.
        Add(hash, "created", r.Created?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) ?? "epoch:" + Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"));
        Add(hash, "app-dir", r.ImageAppDirectory);
        Add(hash, "previous-image", r.PreviousImage?.ToString());
        Add(hash, "sbom-dir", r.SbomOutputDirectory);
        Add(hash, "pull", r.PullPolicy.ToString());
        Add(hash, "trust", r.TrustBuilder?.ToString(), string.Join(",", r.TrustedBuilders), r.TrustExtraBuildpacks.ToString());
        Add(hash, "lifecycle-image", r.LifecycleImage?.ToString());
        Add(hash, "network", r.Network);
        Add(hash, "docker-host", r.DockerHost);
        Add(hash, "docker-socket", r.DockerSocket);
        Add(hash, ["insecure", .. r.InsecureRegistries.Order(StringComparer.Ordinal)]);
    }

    private static async Task AddFilesAsync(IncrementalHash hash, string root, AppFileSelection selection, FileDigestCache digests, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(root))
        {
            Add(hash, "missing");
            return;
        }

        var buffer = new byte[81920];
        foreach (var entry in selection.Enumerate(root))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var mode = OperatingSystem.IsWindows() ? string.Empty : Convert.ToString((int)File.GetUnixFileMode(entry.FullPath), 8);
            switch (entry.Kind)
            {
                case AppFileKind.Directory:
                    Add(hash, "d", entry.RelativePath, mode);
                    break;
                case AppFileKind.SymbolicLink:
                    Add(hash, "l", entry.RelativePath, new FileInfo(entry.FullPath).LinkTarget);
                    break;
                default:
                    Add(hash, "f", entry.RelativePath, mode, await digests.HashAsync(entry.FullPath, buffer, cancellationToken).ConfigureAwait(false));
                    break;
            }
        }
    }

    private static void AddPairs(IncrementalHash hash, string name, IEnumerable<KeyValuePair<string, string>> pairs) =>
        Add(hash, [name, .. pairs.SelectMany(p => new[] { p.Key, p.Value })]);

    // Each value is length-prefixed, so no two different lists of values hash the same.
    private static void Add(IncrementalHash hash, params string?[] values)
    {
        var text = new StringBuilder();
        text.Append(values.Length).Append(':');
        foreach (var value in values)
        {
            text.Append(value is null ? "-1" : value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(';');
        }

        hash.AppendData(Encoding.UTF8.GetBytes(text.ToString()));
    }
}
