using System.IO.Compression;
using Buildpacks.Images.Model;

namespace Buildpacks.Lifecycle.Cache;

/// <summary>
/// Layer files handed to a cache: a tar, plain or gzip-compressed (told apart by the gzip magic bytes, as layer readers
/// do). Cache directories store plain tars, so that re-hashing a file gives its diff ID.
/// </summary>
internal static class CacheLayerFile
{
    private const int BufferSize = 81920;

    /// <summary>Whether the file starts with the gzip magic bytes.</summary>
    public static bool IsGzip(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        return file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    /// <summary>
    /// Writes the plain tar of <paramref name="source"/> to <paramref name="destination"/>, through a temporary name so
    /// that a failure never leaves a partial file under the final name.
    /// </summary>
    public static async Task CopyAsPlainTarAsync(string source, string destination, CancellationToken cancellationToken)
    {
        var partial = destination + ".partial";
        try
        {
            if (IsGzip(source))
            {
                var input = OpenRead(source);
                await using (input.ConfigureAwait(false))
                {
                    var gzip = new GZipStream(input, CompressionMode.Decompress);
                    await using (gzip.ConfigureAwait(false))
                    {
                        var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
                        await using (output.ConfigureAwait(false))
                        {
                            await gzip.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
            }
            else
            {
                File.Copy(source, partial, overwrite: true);
            }

            File.Move(partial, destination, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    /// <summary>The sha256 of the file's bytes.</summary>
    public static async Task<Digest> DigestAsync(string path, CancellationToken cancellationToken)
    {
        var file = OpenRead(path);
        await using (file.ConfigureAwait(false))
        {
            return await Digest.ComputeAsync(file, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Opens a file for one sequential read.</summary>
    public static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
}
