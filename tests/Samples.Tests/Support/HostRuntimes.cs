using System.Text.Json;

namespace Buildpacks.Samples.Tests.Support;

/// <summary>
/// A stand-in for the build image's /opt/dotnet-runtimes: a manifest.json in the shape build/stack.sh writes, whose
/// one runtime root is this machine's dotnet install (the one the SDK runs on). The dotnet-runtime buildpack reads
/// it through BP_DOTNET_RUNTIMES_ROOT.
/// </summary>
internal static class HostRuntimes
{
    /// <summary>The dotnet root of the SDK on PATH.</summary>
    public static string DotnetRoot { get; } = FindDotnetRoot();

    /// <summary>The newest Microsoft.NETCore.App of the host that has an ASP.NET Core runtime of the same version.</summary>
    public static string Version { get; } = FindVersion();

    /// <summary>Writes manifest.json into <paramref name="directory"/> (naming <paramref name="version"/>) and returns the directory.</summary>
    public static string WriteManifest(string directory, string? version = null)
    {
        version ??= Version;
        var fxr = Directory.GetDirectories(Path.Combine(DotnetRoot, "host", "fxr")).Select(Path.GetFileName).OrderBy(v => System.Version.Parse(v!.Split('-')[0])).Last()!;
        var manifest = new
        {
            runtimes = new[]
            {
                new
                {
                    version,
                    root = DotnetRoot,
                    frameworks = new[] { new { name = "Microsoft.NETCore.App", version }, new { name = "Microsoft.AspNetCore.App", version } },
                    hostfxr = fxr,
                },
            },
        };
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "manifest.json"), JsonSerializer.Serialize(manifest));
        return directory;
    }

    private static string FindDotnetRoot()
    {
        var dotnet = Buildpacks.TestInfrastructure.RequiredServices.RequireTool("dotnet");
        var resolved = new FileInfo(dotnet).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dotnet;
        return Path.GetDirectoryName(resolved)!;
    }

    private static string FindVersion() =>
        Directory.GetDirectories(Path.Combine(DotnetRoot, "shared", "Microsoft.NETCore.App"))
            .Select(Path.GetFileName)
            .Where(v => Directory.Exists(Path.Combine(DotnetRoot, "shared", "Microsoft.AspNetCore.App", v!)) && !v!.Contains('-', StringComparison.Ordinal))
            .OrderBy(v => System.Version.Parse(v!))
            .LastOrDefault()
        ?? throw new InvalidOperationException($"{DotnetRoot} has no Microsoft.NETCore.App with a matching Microsoft.AspNetCore.App.");
}
