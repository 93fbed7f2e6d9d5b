using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Buildpacks.TestInfrastructure.Apps;

/// <summary>
/// Publishes test apps (<c>dotnet publish</c> of a <see cref="TestAppProject"/>, offline: the SDK brings the templates'
/// packages and the NuGet cache the runtime packs) once for every set of inputs: the output is kept under
/// artifacts/test-apps in a directory named by a hash of the project's files, the deployment and the SDK version, so
/// later fixtures, test assemblies and test runs take it as it is. A test must not change a published app: it copies
/// one (<see cref="CopyTo"/>) to change it.
/// </summary>
public static class TestApps
{
    /// <summary>The runtime of self-contained apps: the test machines' (and the sample stack's) platform.</summary>
    public const string RuntimeIdentifier = "linux-x64";

    // Bump when the publish changes in a way the key does not see.
    private const string CacheFormat = "1";

    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Published = new(StringComparer.Ordinal);
    private static readonly Lazy<Task<string>> SdkVersion = new(() => DotnetCli.RunAsync(Path.GetTempPath(), ["--version"]));

    /// <summary>Where published apps are kept.</summary>
    public static string CacheRoot => RepositoryRoot.Combine("artifacts", "test-apps");

    /// <summary>The publish output of <paramref name="project"/> deployed as <paramref name="deployment"/> says, publishing it if no earlier run did.</summary>
    public static async Task<string> PublishAsync(TestAppProject project, AppDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(project);
        var key = await KeyAsync(project, deployment).ConfigureAwait(false);
        return await Published.GetOrAdd(key, k => new Lazy<Task<string>>(() => PublishOnceAsync(project, deployment, k))).Value.ConfigureAwait(false);
    }

    /// <summary>A copy of a publish output (modes kept) in a fresh directory <paramref name="name"/> under <paramref name="temp"/>, for a test to change.</summary>
    public static string CopyTo(string publishDirectory, TempDirectory temp, string name)
    {
        ArgumentNullException.ThrowIfNull(temp);
        var destination = temp.Combine(name);
        DirectoryCopy.Copy(publishDirectory, destination);
        return destination;
    }

    private static async Task<string> PublishOnceAsync(TestAppProject project, AppDeployment deployment, string key)
    {
        var output = Path.Combine(CacheRoot, key);
        if (Directory.Exists(output))
        {
            return output;
        }

        // Published beside its final place and renamed into it, so that a directory under its key is always whole, even
        // when two test assemblies publish the same app at once.
        Directory.CreateDirectory(CacheRoot);
        var staging = Path.Combine(CacheRoot, $".staging-{Guid.NewGuid():N}");
        using var source = new TempDirectory("test-app");
        try
        {
            var projectDirectory = project.WriteTo(source.Combine(project.Name));
            await DotnetCli.RunAsync(projectDirectory, ["publish", "-c", "Release", "-o", staging, "-nologo", .. PublishArguments(deployment)]).ConfigureAwait(false);

            // A container build runs as the builder's user, who must be able to read the mounted publish output.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(staging, (UnixFileMode)0b111_101_101);
            }

            try
            {
                Directory.Move(staging, output);
            }
            catch (IOException) when (Directory.Exists(output))
            {
                // Another test assembly published the same inputs first; its output is as good.
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return output;
    }

    private static string[] PublishArguments(AppDeployment deployment) => deployment switch
    {
        AppDeployment.SelfContained => ["-r", RuntimeIdentifier, "--self-contained"],
        AppDeployment.SelfContainedSingleFile => ["-r", RuntimeIdentifier, "--self-contained", "-p:PublishSingleFile=true"],
        AppDeployment.FrameworkDependentSingleFile => ["-r", RuntimeIdentifier, "--self-contained", "false", "-p:PublishSingleFile=true"],
        _ => [],
    };

    private static async Task<string> KeyAsync(TestAppProject project, AppDeployment deployment)
    {
        var inputs = string.Join(
            "\n\0",
            CacheFormat,
            await SdkVersion.Value.ConfigureAwait(false),
            deployment switch
            {
                AppDeployment.FrameworkDependent => "portable",
                AppDeployment.SelfContained => RuntimeIdentifier,
                _ => string.Join(' ', PublishArguments(deployment)),
            },
            project.ProjectFileName,
            project.ProjectFile(),
            project.ProgramSource());
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(inputs)))[..16];
        var kind = deployment switch
        {
            AppDeployment.SelfContained => "sc",
            AppDeployment.SelfContainedSingleFile => "sc-single",
            AppDeployment.FrameworkDependentSingleFile => "fd-single",
            _ => "fd",
        };
        return $"{project.Name.ToLowerInvariant()}-{kind}-{hash}";
    }
}
