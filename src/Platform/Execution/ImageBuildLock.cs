using System.Security.Cryptography;
using System.Text;
using Buildpacks.Images.References;

namespace Buildpacks.Platform.Execution;

/// <summary>
/// One build of an image name at a time on this machine: two publishes of one project (or of two projects that name
/// the same image) share its build cache (a cache volume or directory named after the image) and its tags, and run
/// at once they would interleave the cache's layers and push one's manifest over the other's. The second waits, saying
/// so, until the first ends; then its incremental check sees what the first built. The lock is an exclusive
/// <c>flock</c> on <c>&lt;directory&gt;/&lt;hash of the name&gt;.lock</c> (what .NET's <see cref="FileShare.None"/> takes
/// on Unix), which the kernel releases when its process ends however it ends, so a killed build never blocks the next.
/// </summary>
public sealed class ImageBuildLock : IDisposable
{
    // How .NET reports a file another open holds with FileShare.None: ERROR_SHARING_VIOLATION on Windows, flock's
    // EWOULDBLOCK (11 on Linux, 35 on macOS) on Unix.
    private const int SharingViolation = unchecked((int)0x80070020);
    private const int LinuxWouldBlock = 11;
    private const int MacWouldBlock = 35;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private readonly FileStream? _file;

    private ImageBuildLock(FileStream? file) => _file = file;

    /// <summary>
    /// Takes the lock of <paramref name="image"/>'s name in <paramref name="directory"/>, waiting (and telling
    /// <paramref name="log"/> once) while another build holds it. Where no lock file can be made at all (a read-only
    /// cache directory), the build goes on without one: the lock guards against a race, it is no reason to fail.
    /// </summary>
    public static async Task<ImageBuildLock> AcquireAsync(string directory, ImageReference image, IBuildLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(log);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(image.Name))).ToLowerInvariant();
        var path = Path.Combine(directory, hash[..32] + ".lock");
        var told = false;
        while (true)
        {
            try
            {
                Directory.CreateDirectory(directory);
                // Read access is enough for the lock, and opens a lock file that is there in a read-only directory.
                return new ImageBuildLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.None));
            }
            catch (IOException e) when (e.HResult is SharingViolation or LinuxWouldBlock or MacWouldBlock)
            {
                if (!told)
                {
                    log.Progress($"Another build of {image.Name} is running on this machine; waiting for it to end (builds of one image share its cache and its tags)");
                    told = true;
                }

                await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.Write(Lifecycle.Logging.LifecycleLogLevel.Debug, $"No build lock for {image.Name} ({path}: {e.Message}); building without one");
                return new ImageBuildLock(null);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _file?.Dispose();
}
