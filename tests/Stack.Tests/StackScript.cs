using System.Diagnostics;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Stack.Tests;

/// <summary>One run of build/stack.sh: its outcome, the images it reported (reference → digest) and how long it took.</summary>
/// <param name="Result">Exit code and output.</param>
/// <param name="Digests">The result lines of stdout: image reference (or <c>oci:dir:tag</c>) → manifest digest.</param>
/// <param name="UnchangedReferences">The references the run reported as already at their digest.</param>
/// <param name="Elapsed">Wall-clock time of the run.</param>
public sealed record StackRun(ProcessResult Result, IReadOnlyDictionary<string, string> Digests, IReadOnlySet<string> UnchangedReferences, TimeSpan Elapsed);

/// <summary>Runs build/stack.sh as a child process, with the shared cache (so only the first run ever debootstraps).</summary>
public static class StackScript
{
    /// <summary>The repository checkout the tests run from.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Runs the script with <paramref name="arguments"/>; a first run on a fresh machine debootstraps (minutes).</summary>
    public static async Task<StackRun> RunAsync(params string[] arguments)
    {
        RequiredServices.RequireTool("bash");
        var clock = Stopwatch.StartNew();
        var result = await ProcessRunner.RunAsync(
            "bash",
            [Path.Combine(RepositoryRoot, "build", "stack.sh"), .. arguments],
            workingDirectory: RepositoryRoot,
            environment: new Dictionary<string, string?> { ["BUILDPACKS_STACK_REGISTRY"] = null },
            timeout: TimeSpan.FromMinutes(30));
        clock.Stop();

        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        var unchanged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ');
            if (fields.Length >= 2 && fields[1].StartsWith("sha256:", StringComparison.Ordinal))
            {
                digests[fields[0]] = fields[1];
                if (line.EndsWith("(unchanged)", StringComparison.Ordinal))
                {
                    unchanged.Add(fields[0]);
                }
            }
        }

        return new StackRun(result, digests, unchanged, clock.Elapsed);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Buildpacks.MSBuild.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Buildpacks.MSBuild.sln) is not above the test binaries.");
    }
}
