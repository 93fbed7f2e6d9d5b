using Buildpacks.TestInfrastructure;

namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>
/// A tmpfs of a few megabytes mounted on a fresh directory, to make a build run out of space where it writes; unmounted
/// and removed on dispose. Mounting needs root, as the tests that drop to the build user do.
/// </summary>
public sealed class SmallFileSystem : IAsyncDisposable
{
    private SmallFileSystem(string path) => Path = path;

    /// <summary>Where it is mounted.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="size"/> (mount's syntax: <c>1m</c>) on <paramref name="path"/>, created.</summary>
    public static async Task<SmallFileSystem> MountAsync(string path, string size)
    {
        Directory.CreateDirectory(path);
        (await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", $"size={size},mode=0755", "tmpfs", path]).ConfigureAwait(false)).EnsureSuccess($"mount a tmpfs on {path} (the test needs root)");
        return new SmallFileSystem(path);
    }

    /// <summary>Gives it room: <paramref name="size"/> (mount's syntax), keeping what it holds.</summary>
    public async Task GrowAsync(string size) =>
        (await ProcessRunner.RunAsync("mount", ["-o", $"remount,size={size}", Path]).ConfigureAwait(false)).EnsureSuccess($"grow the tmpfs on {Path}");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await ProcessRunner.RunAsync("umount", [Path]).ConfigureAwait(false);
        Directory.Delete(Path, recursive: true);
    }
}
