using System.Formats.Tar;
using Buildpacks.Images.Layers;
using Buildpacks.Platform.Builders;

namespace Buildpacks.MSBuild.Tasks.Local;

/// <summary>
/// The <c>/cnb</c> tree of a builder image (buildpacks, order.toml, run.toml, build-config, lifecycle launcher),
/// extracted into a directory so the in-process lifecycle can use it as a builder container would. Only entries under
/// <c>cnb/</c> are written; the builder's base file system is not.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class BuilderFileTree
{
    private BuilderFileTree(string root) => Root = root;

    /// <summary>The directory that stands for the builder's <c>/</c>.</summary>
    public string Root { get; }

    public string BuildpacksDirectory => Path.Combine(Root, "cnb", "buildpacks");

    public string OrderPath => Path.Combine(Root, "cnb", "order.toml");

    public string RunPath => Path.Combine(Root, "cnb", "run.toml");

    public string LauncherPath => Path.Combine(Root, "cnb", "lifecycle", "launcher");

    public string? BuildConfigDirectory => Directory.Exists(Path.Combine(Root, "cnb", "build-config")) ? Path.Combine(Root, "cnb", "build-config") : null;

    /// <summary>Extracts <paramref name="builder"/>'s <c>/cnb</c> tree into <paramref name="root"/>, base layer first.</summary>
    public static async Task<BuilderFileTree> ExtractAsync(Builder builder, string root, CancellationToken cancellationToken)
    {
        var image = builder.Image;
        foreach (var layer in image.Layers)
        {
            var stream = await image.Store.OpenLayerAsync(image, layer, cancellationToken).ConfigureAwait(false);
            var reader = await LayerReader.OpenAsync(stream, leaveOpen: false, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.NextEntryAsync(cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    await WriteAsync(root, entry, reader.CurrentContent, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return new BuilderFileTree(root);
    }

    private static async Task WriteAsync(string root, LayerEntryInfo entry, Stream? content, CancellationToken cancellationToken)
    {
        var name = entry.Name.TrimStart('.', '/').TrimEnd('/');
        if (!name.StartsWith("cnb/", StringComparison.Ordinal) || name.Split('/').Contains("..") || name.Contains("/.wh.", StringComparison.Ordinal))
        {
            return;
        }

        var host = Path.Combine(root, name);
        switch (entry.Type)
        {
            case TarEntryType.Directory:
                Directory.CreateDirectory(host);
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                Directory.CreateDirectory(Path.GetDirectoryName(host)!);
                File.Delete(host);
                var file = File.Create(host);
                await using (file.ConfigureAwait(false))
                {
                    if (content is not null)
                    {
                        await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                    }
                }

                // Owner read/write are added so the build user (this user) can read and clean up what root owned.
                File.SetUnixFileMode(host, entry.Mode | UnixFileMode.UserRead | UnixFileMode.UserWrite);
                break;
            case TarEntryType.SymbolicLink when StaysInside(root, host, entry.LinkName):
                Directory.CreateDirectory(Path.GetDirectoryName(host)!);
                File.Delete(host);
                File.CreateSymbolicLink(host, entry.LinkName);
                break;
            default:
                break; // links leaving the tree, hard links and devices are not needed to run buildpacks
        }
    }

    private static bool StaysInside(string root, string link, string target) =>
        !Path.IsPathRooted(target)
        && Path.GetFullPath(Path.Combine(Path.GetDirectoryName(link)!, target)).StartsWith(Path.GetFullPath(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
