using System.Diagnostics;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.MSBuild.Tasks.Platforms;

/// <summary>
/// Restores a project for the RIDs of a multi-platform publish, in a <c>dotnet restore</c> of its own with the build's
/// global properties and <c>RuntimeIdentifiers</c>: the publish's restore cannot know them (NuGet evaluates projects
/// without their packages' targets), and a restore inside the running build would not be seen by it. The SDK's
/// ContainerRuntimeIdentifiers needs no such step only because the SDK's own props set RuntimeIdentifiers.
/// </summary>
internal static class RuntimeIdentifierRestore
{
    public static async Task RunAsync(string projectPath, IReadOnlyList<string> runtimeIdentifiers, IReadOnlyDictionary<string, string> globalProperties, CancellationToken cancellationToken)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "restore", projectPath, "-nologo", "-v:q" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in globalProperties.Where(p => !string.Equals(p.Key, "RuntimeIdentifiers", StringComparison.OrdinalIgnoreCase)))
        {
            start.ArgumentList.Add($"-p:{name}=\"{value}\"");
        }

        start.ArgumentList.Add($"-p:RuntimeIdentifiers=\"{string.Join(';', runtimeIdentifiers)}\"");
        // No build servers left behind by this child.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{dotnet} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw CodedException.Of(Messages.PlatformRestoreFailed, string.Join(";", runtimeIdentifiers), projectPath, ((await output.ConfigureAwait(false)) + (await error.ConfigureAwait(false))).Trim());
        }
    }
}
