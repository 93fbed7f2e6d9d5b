namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>The BPnnnn code of a message the product defines (src/Platform/Diagnostics/Messages.*.cs).</summary>
public static class Codes
{
    /// <summary>The code that starts <paramref name="message"/>, e.g. BP1001 of "BP1001: BuildpackImage '{0}' …".</summary>
    public static string Of(string message) => message[..message.IndexOf(':', StringComparison.Ordinal)];
}
