using System.IO.Compression;
using System.Security.Cryptography;
using Buildpacks.Images.Layers;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Images.Tests.Layers;

/// <summary>Small helpers the layer tests share: making source trees, reading back layers.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // layers carry Unix modes; these tests use Unix tools
internal static class LayerTestFiles
{
    public const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode Mode0700 = Mode0600 | UnixFileMode.UserExecute;
    public const UnixFileMode Mode0750 = Mode0700 | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    /// <summary>Writes a file with a mode, creating parents.</summary>
    public static string Write(TempDirectory dir, string relative, string content, UnixFileMode mode = LayerModes.File)
    {
        var path = dir.WriteFile(relative, content);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    /// <summary>The uncompressed tar bytes of a gzip layer file.</summary>
    public static byte[] Gunzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new MemoryStream();
        gzip.CopyTo(tar);
        return tar.ToArray();
    }

    /// <summary>The sha256 digest string of bytes.</summary>
    public static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    /// <summary>The names of a layer's entries in archive order.</summary>
    public static async Task<List<string>> NamesAsync(string layer) =>
        (await LayerReader.ListAsync(layer)).Select(e => e.Name).ToList();

    /// <summary>Runs GNU tar and returns its stdout, failing with its stderr.</summary>
    public static Task<string> TarAsync(params string[] arguments)
    {
        RequiredServices.RequireTool("tar");
        return ProcessRunner.RunCheckedAsync("tar", arguments);
    }
}
