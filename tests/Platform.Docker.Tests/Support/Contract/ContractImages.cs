using System.Collections.Concurrent;
using System.Security.Cryptography;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Platform.Builders;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Platform.Docker.Tests.Support.Contract;

/// <summary>
/// The contract double at one Platform API: the sample builder (samples/builder/builder.toml) and a lifecycle image
/// (the sample run image with a /cnb/lifecycle and the labels of the reference lifecycle's image, and nothing else of a
/// builder: no buildpacks, no run.toml), both with <c>contract-phase.sh</c> as every phase binary, our lifecycle behind
/// it, and a lifecycle.toml (and the image's <c>io.buildpacks.lifecycle.apis</c>) that offer that one Platform API, so
/// the platform negotiates it. Made from this checkout's lifecycle binaries (build/build-binaries.sh) and pushed to the
/// loopback registry under tags that name their content, so that runs from other checkouts never overwrite them.
/// </summary>
/// <param name="Api">The Platform API.</param>
/// <param name="Builder">The builder.</param>
/// <param name="LifecycleImage">The lifecycle image.</param>
public sealed record ContractImages(string Api, string Builder, string LifecycleImage)
{
    private const string Repository = "127.0.0.1:5000/buildpacks-msbuild-tests";
    private static readonly string[] Phases = ["analyzer", "detector", "restorer", "builder", "exporter", "creator"];
    private static readonly ConcurrentDictionary<string, Lazy<Task<ContractImages>>> Made = new(StringComparer.Ordinal);

    /// <summary>The images for <paramref name="api"/> (made once per test run).</summary>
    public static Task<ContractImages> ForAsync(string api) =>
        Made.GetOrAdd(api, a => new Lazy<Task<ContractImages>>(() => MakeAsync(a))).Value;

    /// <summary>Removes from the daemon the images of the contract double this run used (the registry keeps them for the next run).</summary>
    public static async Task RemoveFromDaemonAsync()
    {
        foreach (var made in Made.Values.Where(m => m.IsValueCreated && m.Value.IsCompletedSuccessfully))
        {
            var images = made.Value.Result;
            await global::Buildpacks.TestInfrastructure.Images.DockerTestCli.RemoveImagesAsync(images.Builder, images.LifecycleImage);
        }
    }

    /// <summary>The lifecycle image at the newest Platform API we speak, for tests of untrusted builders that are not about the contract.</summary>
    public static async Task<string> LifecycleImageAsync() => (await ForAsync("0.15")).LifecycleImage;

    private static async Task<ContractImages> MakeAsync(string api)
    {
        var binaries = RepositoryRoot.Combine("artifacts", "bin", "linux-x64");
        var script = Path.Combine(AppContext.BaseDirectory, "Support", "Contract", "contract-phase.sh");
        if (!File.Exists(Path.Combine(binaries, "lifecycle")))
        {
            throw new InvalidOperationException($"{binaries}/lifecycle is missing: run 'bash build/build-binaries.sh'.");
        }

        using var scratch = new TempDirectory("contract-lifecycle");
        var directory = Directory.CreateDirectory(scratch.Combine("lifecycle")).FullName;
        foreach (var binary in new[] { "lifecycle", "launcher" })
        {
            File.Copy(Path.Combine(binaries, binary), Path.Combine(directory, binary));
        }

        foreach (var phase in Phases)
        {
            File.Copy(script, Path.Combine(directory, phase));
            File.SetUnixFileMode(Path.Combine(directory, phase), (UnixFileMode)0x1ED); // 0755
        }

        var descriptor = LifecycleDescriptor.OurLifecycle() with { Platform = new ApiSet([api], []) };
        await File.WriteAllTextAsync(Path.Combine(directory, "contract-platform-apis"), api + "\n");
        await File.WriteAllTextAsync(Path.Combine(directory, "lifecycle.toml"), LifecycleBinaries.DescriptorToml(descriptor));
        var tag = $"{api}-{ContentHash(directory)}";

        using var registry = new RegistryStore(new RegistrySettings());
        var builder = ImageReference.Parse($"{Repository}/contract-builder:{tag}");
        var lifecycleImage = ImageReference.Parse($"{Repository}/contract-lifecycle:{tag}");
        if (await registry.TryReadImageAsync(builder, ImagePlatform.LinuxAmd64, CancellationToken.None) is null)
        {
            var config = BuilderToml.Read(RepositoryRoot.Combine("samples", "builder", "builder.toml")) with { Lifecycle = new LifecycleConfig(null, directory) };
            await BuilderWriter.CreateAsync(new BuilderCreateRequest { Config = config, Tags = [builder], Images = registry }, registry, CancellationToken.None);
        }

        if (await registry.TryReadImageAsync(lifecycleImage, ImagePlatform.LinuxAmd64, CancellationToken.None) is null)
        {
            await LifecycleImageWriter.CreateAsync(directory, ImageReference.Parse(TestBuilds.RunImage), [lifecycleImage], registry, registry, ImagePlatform.LinuxAmd64, CancellationToken.None);
        }

        return new ContractImages(api, builder.ToString(), lifecycleImage.ToString());
    }

    private static string ContentHash(string directory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file)));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexString(hash.GetHashAndReset())[..12].ToLowerInvariant();
    }
}
