using System.Formats.Tar;
using Buildpacks.Images.Engine;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Toml;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>Reads what a finished phase left in its volumes back out of its (stopped) container (<c>GET /containers/{id}/archive</c>).</summary>
internal sealed class ContainerFiles(IContainerEngine engine, DaemonErrors errors)
{
    /// <summary>
    /// The exporter's <c>/layers/report.toml</c>, which must name the image as the reference lifecycle does: by its ID
    /// for an export to the daemon (<paramref name="exportedToDaemon"/>), by its manifest digest for one to a registry.
    /// </summary>
    /// <exception cref="CodedException">BP3012 when it is missing, unreadable or names no image.</exception>
    public async Task<ImageReport> ReadReportAsync(string containerId, bool exportedToDaemon, CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("bp-report-");
        try
        {
            var copied = await CopyOutAsync(containerId, "/layers/report.toml", scratch.FullName, cancellationToken).ConfigureAwait(false);
            var path = Path.Combine(scratch.FullName, "report.toml");
            if (!copied || !File.Exists(path))
            {
                throw CodedException.Of(Messages.ReportMissing, containerId, "/layers/report.toml does not exist");
            }

            try
            {
                var report = ReportToml.Read(path);
                // The reference lifecycle writes image-id for a daemon export and digest for a registry one, not both.
                return (exportedToDaemon ? report.ImageId : report.Digest) is null
                    ? throw CodedException.Of(Messages.ReportMissing, containerId, $"report.toml has no [image] {(exportedToDaemon ? "image-id" : "digest")}")
                    : report;
            }
            catch (TomlFileException e)
            {
                throw CodedException.Because(e, Messages.ReportMissing, containerId, e.Message);
            }
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Copies the directory <paramref name="path"/> of the container into <paramref name="destination"/> (its contents,
    /// not the directory itself); false when the container has no such path.
    /// </summary>
    public async Task<bool> CopyDirectoryOutAsync(string containerId, string path, string destination, CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("bp-copy-");
        try
        {
            if (!await CopyOutAsync(containerId, path, scratch.FullName, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            var copied = Path.Combine(scratch.FullName, Path.GetFileName(path.TrimEnd('/')));
            Directory.CreateDirectory(destination);
            foreach (var file in Directory.EnumerateFiles(copied, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(destination, Path.GetRelativePath(copied, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target, overwrite: true);
            }

            return true;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    // The archive holds the path's last component at its root; links and devices are not wanted and skipped.
    private async Task<bool> CopyOutAsync(string containerId, string path, string directory, CancellationToken cancellationToken)
    {
        var archive = await errors.RunAsync($"copy {path} out of container {containerId}", () => engine.TryCopyFromContainerAsync(containerId, path, cancellationToken)).ConfigureAwait(false);
        if (archive is null)
        {
            return false;
        }

        await using var stream = archive;
        var reader = new TarReader(stream);
        var root = Path.GetFullPath(directory) + Path.DirectorySeparatorChar;
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            var target = Path.GetFullPath(Path.Combine(directory, entry.Name));
            if (!target.StartsWith(root, StringComparison.Ordinal))
            {
                continue; // never outside the scratch directory
            }

            if (entry.EntryType == TarEntryType.Directory)
            {
                Directory.CreateDirectory(target);
            }
            else if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                var file = File.Create(target);
                await using (file.ConfigureAwait(false))
                {
                    await CopyExactlyAsync(data, file, entry.Length, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return true;
    }

    // An entry's data is read for exactly its length: over the daemon's chunked answer, reading past it throws
    // instead of returning 0.
    private static async Task CopyExactlyAsync(Stream source, Stream destination, long length, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        for (var remaining = length; remaining > 0;)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException($"The archive from the daemon ended {remaining} bytes short of an entry.");
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            remaining -= read;
        }
    }
}
