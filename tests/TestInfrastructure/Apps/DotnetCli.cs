namespace Buildpacks.TestInfrastructure.Apps;

/// <summary>
/// The dotnet CLI as a child process of a test, with the C# equivalent of build/lib/common.sh's environment (no
/// telemetry, no build servers that outlive the command and hold its pipes open), and without the MSBuild variables
/// that `dotnet test` sets for itself and that would point a child's MSBuild at the test host's SDK paths.
/// </summary>
public static class DotnetCli
{
    private static readonly string[] Inherited = ["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly", "VSTEST_HOST_DEBUG"];

    /// <summary>The variables to set for a dotnet child process (a null value removes the variable).</summary>
    public static Dictionary<string, string?> Environment()
    {
        var variables = new Dictionary<string, string?>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["UseSharedCompilation"] = "false",
        };
        foreach (var name in Inherited)
        {
            variables[name] = null;
        }

        return variables;
    }

    /// <summary>Runs <c>dotnet <paramref name="arguments"/></c> in <paramref name="workingDirectory"/> and returns its standard output; throws with both streams when it fails.</summary>
    public static async Task<string> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, TimeSpan? timeout = null)
    {
        var result = await ProcessRunner.RunAsync("dotnet", arguments, workingDirectory, Environment(), timeout: timeout ?? TimeSpan.FromMinutes(10)).ConfigureAwait(false);
        return result.EnsureSuccess($"dotnet {string.Join(' ', arguments)}").StandardOutput;
    }
}
