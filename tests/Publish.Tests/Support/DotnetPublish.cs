using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Apps;

namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>
/// Runs <c>dotnet publish</c> on a <see cref="TestProject"/> as a child process, at normal verbosity, with the sample
/// builder, trusted, and the sample lifecycle image (a later <c>-p:</c> in the arguments wins) and the project's own TMPDIR.
/// </summary>
public static class DotnetPublish
{
    /// <summary>Publishes <paramref name="project"/> in Release with <paramref name="arguments"/> added.</summary>
    public static async Task<PublishResult> RunAsync(TestProject project, IReadOnlyList<string> arguments)
    {
        string[] command =
        [
            "publish", project.ProjectPath, "-c", "Release", "-v:n", "-nologo",
            $"-p:BuildpackBuilder={SampleServices.Builder}",
            // The sample builder is ours, so the tests trust it, as its users would; Local execution takes trusted
            // builders only. A test that wants it untrusted passes -p:BuildpackTrustBuilder=false.
            $"-p:BuildpackTrustedBuilders={SampleServices.Builder[..SampleServices.Builder.LastIndexOf(':')]}",
            // Untrusted builds (and trusted ones with Buildpack items from outside the builder) run their analyzer,
            // restorer and exporter from a lifecycle image; the sample one stands in for docker.io/buildpacksio/lifecycle.
            $"-p:BuildpackLifecycleImage={SampleServices.LifecycleImage}",
            .. arguments,
        ];
        var environment = DotnetCli.Environment();
        environment["TMPDIR"] = project.TempRoot;
        var result = await ProcessRunner.RunAsync(
            "dotnet",
            command,
            workingDirectory: project.Directory,
            environment: environment,
            timeout: TimeSpan.FromMinutes(10)).ConfigureAwait(false);
        return new PublishResult(result.ExitCode, result.StandardOutput + result.StandardError, "dotnet " + string.Join(' ', command));
    }
}
