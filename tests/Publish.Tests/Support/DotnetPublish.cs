using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Apps;
using Buildpacks.TestInfrastructure.Users;

namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>
/// Runs <c>dotnet publish</c> on a <see cref="TestProject"/> as a child process, at normal verbosity, with the sample
/// builder, trusted, and the sample lifecycle image (a later <c>-p:</c> in the arguments wins) and the project's own TMPDIR.
/// </summary>
public static class DotnetPublish
{
    /// <summary>
    /// Publishes <paramref name="project"/> in Release with <paramref name="arguments"/> added, and
    /// <paramref name="variables"/> set in its environment; as <paramref name="user"/> when given (the project must be
    /// theirs: <see cref="TestProject.HandOverToAsync"/>), with a home, NuGet and build caches of its own under the
    /// project's root.
    /// </summary>
    public static async Task<PublishResult> RunAsync(TestProject project, IReadOnlyList<string> arguments, UnprivilegedUser? user = null, IReadOnlyDictionary<string, string>? variables = null)
    {
        var command = Command(project, arguments, verbosity: "n");
        var environment = Environment(project, variables);

        var (program, programArguments) = ("dotnet", (IReadOnlyList<string>)command);
        if (user is not null)
        {
            foreach (var (name, directory) in project.UserDirectories)
            {
                environment[name] = directory;
            }

            (program, programArguments) = user.Command(program, programArguments);
        }

        var result = await ProcessRunner.RunAsync(
            program,
            programArguments,
            workingDirectory: project.Directory,
            environment: environment,
            timeout: TimeSpan.FromMinutes(10)).ConfigureAwait(false);
        return new PublishResult(result.ExitCode, result.StandardOutput + result.StandardError, "dotnet " + string.Join(' ', command));
    }

    /// <summary>The environment of a publish of <paramref name="project"/>: dotnet's (<see cref="DotnetCli"/>), the project's TMPDIR, and <paramref name="variables"/>.</summary>
    public static Dictionary<string, string?> Environment(TestProject project, IReadOnlyDictionary<string, string>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(project);
        var environment = DotnetCli.Environment();
        environment["TMPDIR"] = project.TempRoot;
        foreach (var (name, value) in variables ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>The arguments of dotnet for a publish of <paramref name="project"/>; no verbosity switch when <paramref name="verbosity"/> is null (the CLI's default).</summary>
    public static string[] Command(TestProject project, IReadOnlyList<string> arguments, string? verbosity = null) =>
    [
        "publish", project.ProjectPath, "-c", "Release", .. verbosity is null ? Array.Empty<string>() : [$"-v:{verbosity}"], "-nologo",
        $"-p:BuildpackBuilder={SampleServices.Builder}",
        // The sample builder is ours, so the tests trust it, as its users would; Local execution takes trusted
        // builders only. A test that wants it untrusted passes -p:BuildpackTrustBuilder=false.
        $"-p:BuildpackTrustedBuilders={SampleServices.Builder[..SampleServices.Builder.LastIndexOf(':')]}",
        // Untrusted builds (and trusted ones with Buildpack items from outside the builder) run their analyzer,
        // restorer and exporter from a lifecycle image; the sample one stands in for docker.io/buildpacksio/lifecycle.
        $"-p:BuildpackLifecycleImage={SampleServices.PinnedLifecycleImage}",
        .. arguments,
    ];
}
