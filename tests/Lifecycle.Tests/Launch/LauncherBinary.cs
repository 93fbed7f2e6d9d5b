using System.Diagnostics;

namespace Buildpacks.Lifecycle.Tests.Launch;

/// <summary>
/// The real NativeAOT executables (the launcher and the multi-call lifecycle), built once per test run by
/// build/build-binaries.sh, which skips a publish when a hash over its inputs is unchanged since the last build. Both
/// are built by one run of the script: two concurrent publishes would share the obj directories of src/Lifecycle.
/// </summary>
public static class NativeBinaries
{
    private static readonly Lazy<Task<string>> Built = new(BuildAsync);

    /// <summary>The path of the binary <paramref name="name"/> (<c>launcher</c> or <c>lifecycle</c>).</summary>
    public static async Task<string> PathAsync(string name)
    {
        var path = Path.Combine(await Built.Value, name);
        return File.Exists(path) ? path : throw new InvalidOperationException($"build-binaries.sh made no {path}");
    }

    /// <summary>The repository root (the directory of Buildpacks.MSBuild.sln).</summary>
    public static string RepositoryRoot() => global::Buildpacks.TestInfrastructure.RepositoryRoot.Path;

    private static async Task<string> BuildAsync()
    {
        var root = RepositoryRoot();
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        start.ArgumentList.Add(Path.Combine(root, "build", "build-binaries.sh"));
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"build-binaries.sh failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        return Path.Combine(root, "artifacts", "bin", "linux-x64");
    }
}

/// <summary>The real NativeAOT launcher (see <see cref="NativeBinaries"/>).</summary>
public static class LauncherBinary
{
    /// <summary>The path of the launcher binary.</summary>
    public static Task<string> PathAsync() => NativeBinaries.PathAsync("launcher");
}
