using Buildpacks.Images.Layers;
using Buildpacks.Images.References;
using Buildpacks.Platform.Builders;
using Buildpacks.Images.Model;
using Buildpacks.TestInfrastructure.Buildpacks;

namespace Buildpacks.MSBuild.Tasks.Tests.Builders;

/// <summary>
/// <c>dotnet msbuild -t:PackageBuildpack</c> and <c>-t:CreateBuildpackBuilder</c> as child processes on a plain .proj
/// whose only content is the packed Buildpacks.MSBuild SDK from the local feed.
/// </summary>
public sealed class BuilderTargetsEndToEndTests(BuilderWorkspace workspace) : IClassFixture<BuilderWorkspace>
{
    [Fact]
    public async Task The_targets_package_a_buildpack_and_make_a_builder_with_the_lifecycle_the_package_carries()
    {
        var directory = workspace.NewDirectory("e2e");
        var project = await PackedSdk.WriteProjectAsync(directory);
        var package = $"{workspace.Registry.Address}/fixtures/e2e-universe:1";

        var packaged = await PackedSdk.MSBuildAsync(
            project,
            "-t:PackageBuildpack",
            $"-p:BuildpackPackageConfig={Path.Combine(workspace.UniverseDirectory, "package.toml")}",
            $"-p:BuildpackPackageOutput={package}",
            "-p:BuildpackPublish=true");
        packaged.EnsureSuccess("dotnet msbuild -t:PackageBuildpack");
        Assert.Contains($"BP6102: Packaged buildpack {HelloBuildpacks.UniverseId}@{HelloBuildpacks.Version} as {package}@sha256:", packaged.StandardOutput, StringComparison.Ordinal);

        // No [lifecycle]: the builder takes the lifecycle and launcher from the package (BuildpacksLifecycleDirectory).
        File.WriteAllText(Path.Combine(directory, "builder.toml"), File.ReadAllText(workspace.WriteBuilderToml($"[[buildpacks]]\nimage = \"{package}\"")));
        var name = $"{workspace.Registry.Address}/fixtures/e2e-builder:1";
        var created = await PackedSdk.MSBuildAsync(
            project,
            "-t:CreateBuildpackBuilder",
            "-p:BuildpackBuilderConfig=builder.toml",
            $"-p:BuildpackBuilderImage={name}",
            "-p:BuildpackPublish=true");
        created.EnsureSuccess("dotnet msbuild -t:CreateBuildpackBuilder");
        Assert.Contains($"BP6101: Created builder {name}@sha256:", created.StandardOutput, StringComparison.Ordinal);

        using var registry = BuilderWorkspace.RegistryStore();
        var builder = await BuilderReader.ReadAsync(registry, ImageReference.Parse(name), ImagePlatform.LinuxAmd64, CancellationToken.None);
        Assert.Equal(3, builder.Buildpacks.Count);
        Assert.Equal(LifecycleDescriptor.OurLifecycle().Version, builder.Lifecycle.Version);

        // NuGet drops file modes; the builder's lifecycle binaries must still be executable.
        var modes = await LifecycleModesAsync(builder);
        Assert.Equal((UnixFileMode)0x1ED, modes["cnb/lifecycle/lifecycle"]);
        Assert.Equal((UnixFileMode)0x1ED, modes["cnb/lifecycle/launcher"]);
    }

    [Fact]
    public async Task A_failing_target_reports_its_BP_code_and_fails_the_build()
    {
        var directory = workspace.NewDirectory("e2e-error");
        var project = await PackedSdk.WriteProjectAsync(directory);

        var result = await PackedSdk.MSBuildAsync(project, "-t:CreateBuildpackBuilder", "-p:BuildpackBuilderImage=example.test/builder:1");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error BP6001: BuildpackBuilderConfig is not set", result.StandardOutput, StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, UnixFileMode>> LifecycleModesAsync(Builder builder)
    {
        var modes = new Dictionary<string, UnixFileMode>(StringComparer.Ordinal);
        foreach (var layer in builder.Image.Layers)
        {
            await using var reader = await LayerReader.OpenAsync(await builder.Image.Store.OpenLayerAsync(builder.Image, layer, CancellationToken.None));
            while (await reader.NextEntryAsync() is { } entry)
            {
                var name = entry.Name.TrimStart('.', '/');
                if (name.StartsWith("cnb/lifecycle/", StringComparison.Ordinal) && entry.IsRegularFile)
                {
                    modes[name] = entry.Mode;
                }
            }

            if (modes.Count > 0)
            {
                return modes;
            }
        }

        return modes;
    }
}
