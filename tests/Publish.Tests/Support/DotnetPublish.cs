using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Apps;
using Buildpacks.TestInfrastructure.Users;

namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>
/// Runs <c>dotnet publish</c> on a <see cref="TestProject"/> as a child process, at normal verbosity, with the sample
/// builder, trusted (a later <c>-p:BuildpackBuilder=</c> in the arguments wins) and the project's own TMPDIR.
/// </summary>
public static class DotnetPublish
{
    /// <summary>
    /// Publishes <paramref name="project"/> in Release with <paramref name="arguments"/> added; as <paramref name="user"/>
    /// when given (the project must be theirs: <see cref="TestProject.HandOverToAsync"/>), with a home, NuGet and build
    /// caches of its own under the project's root.
    /// </summary>
    public static async Task<PublishResult> RunAsync(TestProject project, IReadOnlyList<string> arguments, UnprivilegedUser? user = null)
    {
        string[] command =
        [
            "publish", project.ProjectPath, "-c", "Release", "-v:n", "-nologo",
            $"-p:BuildpackBuilder={SampleServices.Builder}",
            // The sample builder is ours, so the tests trust it, as its users would; Local execution takes trusted
            // builders only. A test that wants it untrusted passes -p:BuildpackTrustBuilder=false.
            $"-p:BuildpackTrustedBuilders={SampleServices.Builder[..SampleServices.Builder.LastIndexOf(':')]}",
            .. arguments,
        ];
        var environment = DotnetCli.Environment();
        environment["TMPDIR"] = project.TempRoot;
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
}
