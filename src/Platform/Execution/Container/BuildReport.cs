using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// What a failed build says of the buildpack that failed, read from a builder's (or creator's) output at debug level,
/// whichever lifecycle printed it: the buildpack (the last "Running build for buildpack id@version" before the error,
/// or the one the error names), its exit code (the reference lifecycle's "failed to build: exit status N", ours "failed
/// with exit code N"), and the last lines it printed (the lifecycle's own debug lines left out). The error a user reads
/// is made here too, for Container execution and for Local execution's in-process lifecycle alike.
/// </summary>
internal static partial class BuildReport
{
    /// <summary>How many of the buildpack's last lines the error carries.</summary>
    public const int LinesKept = 20;

    // The lifecycles' own lines around a buildpack's build (lifecycle phase/builder.go and buildpack/build.go at debug
    // level, ours the same), and their timers: not the buildpack's output.
    private static readonly string[] LifecycleLines =
    [
        "Starting build", "Looking up buildpack", "Finding plan", "Creating plan directory", "Preparing paths",
        "Running build command", "Processing layers", "Updating environment", "Reading output files",
        "Updating buildpack processes", "Updating process list", "Copying SBOM files", "Creating SBOM files for legacy BOM",
        "Listing processes",
    ];

    /// <summary>The failed buildpack, its exit code and its last lines, as far as <paramref name="lines"/> (a phase's output) say.</summary>
    public static BuildFailure Read(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        string? buildpack = null;
        int? exitCode = null;
        var output = new List<string>();
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            if (Started().Match(line) is { Success: true } started)
            {
                buildpack = started.Groups["buildpack"].Value;
                output.Clear();
            }
            else if (line.StartsWith("ERROR:", StringComparison.Ordinal))
            {
                var (named, code) = FromError(line);
                buildpack = named ?? buildpack;
                exitCode = code ?? exitCode;
            }
            else if (line.StartsWith("===> BUILDING", StringComparison.Ordinal))
            {
                output.Clear();
            }
            else if (!IsLifecycleLine(line))
            {
                output.Add(raw);
            }
        }

        return new BuildFailure(buildpack, exitCode, output.Where(l => l.Trim().Length > 0).TakeLast(LinesKept).ToList());
    }

    /// <summary>The buildpack and exit code a lifecycle's error message names, where it does.</summary>
    public static (string? Buildpack, int? ExitCode) FromError(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var named = NamedInError().Match(message);
        var code = ExitCode().Match(message);
        return (
            named.Success ? named.Groups["buildpack"].Value : null,
            code.Success ? int.Parse(code.Groups["code"].Value, CultureInfo.InvariantCulture) : null);
    }

    /// <summary>
    /// The error for <paramref name="failure"/>: BP4002 naming the buildpack and its exit code, with its last lines;
    /// <paramref name="lifecycleSaid"/> (the lifecycle's own message) where the output does not name them.
    /// </summary>
    public static CodedException Error(BuildFailure failure, string lifecycleSaid)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var what = (failure.Buildpack, failure.ExitCode) switch
        {
            ({ } buildpack, { } code) => $"the buildpack {buildpack} exited with code {code.ToString(CultureInfo.InvariantCulture)}.",
            ({ } buildpack, null) => $"the buildpack {buildpack} failed: {lifecycleSaid.TrimEnd('.')}.",
            (null, { } code) => $"a buildpack exited with code {code.ToString(CultureInfo.InvariantCulture)} ({lifecycleSaid.TrimEnd('.')}).",
            _ => lifecycleSaid,
        };
        var last = new StringBuilder();
        if (failure.LastLines.Count > 0)
        {
            last.Append(CultureInfo.InvariantCulture, $" Its last {(failure.LastLines.Count == 1 ? "line" : $"{failure.LastLines.Count} lines")}:");
            foreach (var line in failure.LastLines)
            {
                last.Append("\n  > ").Append(line.TrimEnd());
            }

            last.Append('\n');
        }

        return CodedException.Of(Messages.BuildFailed, what, last.ToString());
    }

    private static bool IsLifecycleLine(string line) =>
        LifecycleLines.Contains(line, StringComparer.Ordinal)
        || line.StartsWith("Running build for buildpack ", StringComparison.Ordinal)
        || line.StartsWith("Finished running build for buildpack ", StringComparison.Ordinal)
        || line.StartsWith("Timer: ", StringComparison.Ordinal)
        || line.StartsWith("===> ", StringComparison.Ordinal)
        || line.StartsWith("WARNING: ", StringComparison.Ordinal)
        || line.StartsWith("Warning: ", StringComparison.Ordinal); // the reference lifecycle's spelling (log/default_logger.go)

    [GeneratedRegex(@"^Running build for buildpack (?<buildpack>\S+@\S+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Started();

    [GeneratedRegex(@"buildpack (?<buildpack>[^\s:]+@[^\s:]+):", RegexOptions.CultureInvariant)]
    private static partial Regex NamedInError();

    [GeneratedRegex(@"(?:exit status|exit code) (?<code>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex ExitCode();
}

/// <summary>What a failed build's output says.</summary>
/// <param name="Buildpack">The buildpack that failed (<c>id@version</c>), when the output says.</param>
/// <param name="ExitCode">Its exit code, when the output says.</param>
/// <param name="LastLines">The last lines it printed (at most <see cref="BuildReport.LinesKept"/>).</param>
internal sealed record BuildFailure(string? Buildpack, int? ExitCode, IReadOnlyList<string> LastLines);
