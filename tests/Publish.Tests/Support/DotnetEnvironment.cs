namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>
/// The environment of every dotnet child process: the C# equivalent of build/lib/common.sh (no telemetry, no build
/// servers that outlive the command and hold its pipes open), without the MSBuild variables that `dotnet test` sets
/// for itself and that would point a child's MSBuild at the test host's SDK paths.
/// </summary>
public static class DotnetEnvironment
{
    private static readonly string[] Inherited = ["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly", "VSTEST_HOST_DEBUG"];

    /// <summary>The variables to set (a null value removes the variable).</summary>
    public static Dictionary<string, string?> Variables()
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
}
