using Buildpacks.MSBuild.Publish.Tests.Fixtures;
using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.TestInfrastructure.Buildpacks;

namespace Buildpacks.MSBuild.Publish.Tests.Reliability;

/// <summary>
/// Local execution out of space where it writes, on small tmpfs mounts: a build cache with no room (BuildpackCacheDirectory
/// on 1 MB) for the 4 MB layer a buildpack caches: the image is still built and pushed whole, a BP warning names the
/// cache path, the layer and its size, the cache holds nothing half-written, and the next publish uses the same cache
/// without a warning. A user cache with no room for the builder's file system (XDG_CACHE_HOME on 8 MB): BP4010 names
/// the path and the least the builder needs, nothing half-extracted stays, no tag is written, and once the file system
/// has room the same user cache works.
/// </summary>
[Collection(SharedProjects.Name)]
[Trait("Category", "Reliability")]
public sealed class FullDiskTests(ConsoleProjectFixture console)
{
    [Fact]
    public async Task ACacheWithNoRoomIsAWarningNamingItAndItsNeedAndTheCacheStaysUsable()
    {
        var buildpack = new FixtureBuildpack("publish-tests/caches-4mb")
        {
            Build = new BuildScript().Layer("big", cache: true).Run("head -c 4194304 /dev/urandom > \"$layers_dir/big/blob\""),
        }.WriteTo(console.Project.Output("caches-4mb"));
        var image = SampleServices.UniqueRepository("full-cache") + ":1";
        var repository = SampleServices.RepositoryOf(image);
        await using var small = await SmallFileSystem.MountAsync(console.Project.Output($"small-cache-{Guid.NewGuid():N}"), "1m");
        string[] arguments = [$"-p:BuildpackImage={image}", "-p:BuildpackPublish=true", "-p:BuildpackExecution=Local", $"-p:BuildpackCacheDirectory={small.Path}", "-p:BuildpackForce=true"];

        await LeakCheck.AroundAsync(console.Project, async () =>
        {
            var full = (await console.Project.PublishAsync([.. arguments, $"-p:ExtraBuildpack={buildpack}"])).EnsureSucceeded();

            var warning = full.Log.Split('\n').FirstOrDefault(l => l.Contains($"warning {Codes.Of(Messages.LifecycleWarning)}", StringComparison.Ordinal) && l.Contains("cache", StringComparison.Ordinal));
            Assert.True(warning is not null, $"no cache warning:\n{full.Log}");
            Assert.Contains(small.Path, warning, StringComparison.Ordinal);
            Assert.Contains("No space left on device", warning, StringComparison.Ordinal);
            Assert.Matches(@"sha256:[0-9a-f]{64}, \d{7,} bytes", warning);
            Assert.Empty(Directory.EnumerateFiles(small.Path, "*.tar", SearchOption.AllDirectories));
            Assert.Equal(["1"], await RegistryContents.AssertWholeAsync(SampleServices.Registry, repository));

            var next = (await console.Project.PublishAsync(arguments)).EnsureSucceeded();
            Assert.DoesNotContain("Failed to export cache", next.Log, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task AUserCacheWithNoRoomForTheBuilderIsBP4010NamingItAndItsNeedAndWorksOnceThereIsRoom()
    {
        var image = SampleServices.UniqueRepository("full-user-cache") + ":1";
        var repository = SampleServices.RepositoryOf(image);
        await using var small = await SmallFileSystem.MountAsync(console.Project.Output($"small-user-cache-{Guid.NewGuid():N}"), "8m");
        var variables = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = small.Path };
        string[] arguments = [$"-p:BuildpackImage={image}", "-p:BuildpackPublish=true", "-p:BuildpackExecution=Local", "-p:BuildpackForce=true"];

        await LeakCheck.AroundAsync(console.Project, async () =>
        {
            var full = (await console.Project.PublishWithAsync(variables, arguments)).EnsureFailedWith(Codes.Of(Messages.NoSpaceLeft));

            var error = full.ErrorLine(Codes.Of(Messages.NoSpaceLeft));
            Assert.Contains(small.Path, error, StringComparison.Ordinal);
            Assert.Matches(@"free of 8 MB; it needed at least [0-9.]+ [MG]B\)", error);
            Assert.Empty(Directory.EnumerateDirectories(small.Path, ".partial-*", SearchOption.AllDirectories));
            Assert.Empty(await RegistryContents.AssertWholeAsync(SampleServices.Registry, repository));

            await small.GrowAsync("2g");
            (await console.Project.PublishWithAsync(variables, arguments)).EnsureSucceeded();
            Assert.Equal(["1"], await RegistryContents.AssertWholeAsync(SampleServices.Registry, repository));
        });
    }
}
