using System.Collections.Concurrent;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Toml;

namespace Buildpacks.Lifecycle.Buildpacks;

/// <summary>
/// The buildpacks directory: a buildpack lives in <c>&lt;buildpacks&gt;/&lt;id with / as _&gt;/&lt;version&gt;/</c>
/// (Platform API, "Buildpacks Directory Layout"). Descriptors are read once and cached.
/// </summary>
public sealed class BuildpackStore
{
    private readonly ConcurrentDictionary<(string Id, string Version), Lazy<BuildpackDescriptor>> _cache = new();

    /// <summary>Creates a store over <paramref name="buildpacksDir"/>.</summary>
    public BuildpackStore(string buildpacksDir) => BuildpacksDir = buildpacksDir;

    /// <summary>The buildpacks directory.</summary>
    public string BuildpacksDir { get; }

    /// <summary>The directory of a buildpack.</summary>
    public string DirectoryOf(string id, string version) => Path.Combine(BuildpacksDir, BuildpackId.Escape(id), version);

    /// <summary>Looks up and reads a buildpack.</summary>
    /// <exception cref="BuildpackLookupException">The buildpack is missing or its buildpack.toml is malformed.</exception>
    /// <exception cref="LifecycleException">The buildpack's API is not supported (exit code 12).</exception>
    public BuildpackDescriptor Lookup(string id, string version) =>
        _cache.GetOrAdd((id, version), key => new Lazy<BuildpackDescriptor>(() => Read(key.Id, key.Version))).Value;

    private BuildpackDescriptor Read(string id, string version)
    {
        var dir = DirectoryOf(id, version);
        var descriptorPath = Path.Combine(dir, "buildpack.toml");
        if (!File.Exists(descriptorPath))
        {
            throw new BuildpackLookupException($"buildpack {id}@{version} not found: {descriptorPath} does not exist");
        }

        try
        {
            return BuildpackToml.Read(dir);
        }
        catch (TomlFileException e)
        {
            throw new BuildpackLookupException($"buildpack {id}@{version} has an invalid buildpack.toml: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new BuildpackLookupException($"buildpack {id}@{version}: cannot read {descriptorPath}: {e.Message}", e);
        }
    }
}

/// <summary>A buildpack that cannot be found in the buildpacks directory, or whose buildpack.toml is malformed.</summary>
public sealed class BuildpackLookupException : Exception
{
    /// <summary>Creates the exception; the message names the buildpack and the file.</summary>
    public BuildpackLookupException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
