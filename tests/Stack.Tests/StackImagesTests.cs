using System.Text.Json;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Stack.Tests;

/// <summary>
/// What build/stack.sh makes, read back with skopeo and run under docker: the sample stack's build and run images,
/// defined the way the public sample base images are (buildpacks/samples base-images, Paketo jammy).
/// </summary>
public sealed class StackImagesTests(StackFixture stack) : IClassFixture<StackFixture>
{
    private const string StackId = "io.buildpacks.samples.stacks.bookworm";

    [Fact]
    public async Task The_build_image_runs_as_the_cnb_user_and_names_it_and_the_stack_in_its_env()
    {
        var config = (await Skopeo.ConfigAsync("docker://" + stack.BuildImage)).GetProperty("config");
        var env = Env(config);

        Assert.Equal("1000:1000", config.GetProperty("User").GetString());
        Assert.Equal("1000", env["CNB_USER_ID"]);
        Assert.Equal("1000", env["CNB_GROUP_ID"]);
        Assert.Equal(StackId, env["CNB_STACK_ID"]);
        Assert.Contains("/usr/bin", env["PATH"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_and_run_images_carry_the_same_target_labels_os_and_architecture()
    {
        foreach (var image in new[] { stack.BuildImage, stack.RunImage, stack.RunImageV2 })
        {
            var document = await Skopeo.ConfigAsync("docker://" + image);
            var labels = document.GetProperty("config").GetProperty("Labels");

            Assert.Equal("linux", document.GetProperty("os").GetString());
            Assert.Equal("amd64", document.GetProperty("architecture").GetString());
            Assert.Equal("debian", labels.GetProperty("io.buildpacks.base.distro.name").GetString());
            Assert.Equal("12", labels.GetProperty("io.buildpacks.base.distro.version").GetString());
            Assert.Equal(StackId, labels.GetProperty("io.buildpacks.base.id").GetString());
            Assert.Equal(StackId, labels.GetProperty("io.buildpacks.stack.id").GetString());
            foreach (var label in new[] { "maintainer", "homepage", "description" })
            {
                Assert.False(string.IsNullOrWhiteSpace(labels.GetProperty("io.buildpacks.base." + label).GetString()), $"{image} has no io.buildpacks.base.{label}");
            }

            var released = labels.GetProperty("io.buildpacks.base.released").GetString();
            Assert.True(DateTimeOffset.TryParse(released, System.Globalization.CultureInfo.InvariantCulture, out _), $"io.buildpacks.base.released '{released}' is not a time");
        }
    }

    [Fact]
    public async Task The_run_images_run_as_uid_and_gid_1000_the_cnb_user_with_a_home()
    {
        var config = (await Skopeo.ConfigAsync("docker://" + stack.RunImage)).GetProperty("config");
        Assert.Equal("1000:1000", config.GetProperty("User").GetString());

        Assert.Equal("1000 1000", await stack.RunInAsync(stack.RunImage, "sh", "-c", "echo $(id -u) $(id -g)"));
        Assert.Equal("cnb:x:1000:1000::/home/cnb:/bin/bash", await stack.RunInAsync(stack.RunImage, "getent", "passwd", "cnb"));
        Assert.Equal("1000:1000", await stack.RunInAsync(stack.RunImage, "stat", "-c", "%u:%g", "/home/cnb"));
        Assert.Equal("1000", await stack.RunInAsync(stack.BuildImage, "id", "-u"));
    }

    [Fact]
    public async Task Build_and_run_images_share_the_base_layer_blob()
    {
        var build = await Skopeo.LayerDigestsAsync("docker://" + stack.BuildImage);
        var run = await Skopeo.LayerDigestsAsync("docker://" + stack.RunImage);
        var runV2 = await Skopeo.LayerDigestsAsync("docker://" + stack.RunImageV2);

        Assert.Equal(2, build.Count);
        Assert.Equal(2, run.Count);
        Assert.Equal(build[0], run[0]);
        Assert.Equal(build[0], runV2[0]);
        Assert.NotEqual(run[1], runV2[1]); // the variants differ in their top layer only
    }

    [Fact]
    public async Task The_run_image_variants_say_which_they_are_in_etc_buildpacks_run_image_version()
    {
        Assert.Equal("v1", await stack.RunInAsync(stack.RunImage, "cat", "/etc/buildpacks-run-image-version"));
        Assert.Equal("v2", await stack.RunInAsync(stack.RunImageV2, "cat", "/etc/buildpacks-run-image-version"));
    }

    [Fact]
    public async Task The_run_image_has_what_a_dotnet_app_needs_at_run_time_and_no_docs()
    {
        var packages = await stack.RunInAsync(
            stack.RunImage, "dpkg-query", "-W", "-f", "${Package} ${db:Status-Status}\n", "ca-certificates", "libicu72", "tzdata", "libssl3", "libc6", "libgcc-s1", "libstdc++6");
        Assert.All(packages.Split('\n'), line => Assert.EndsWith(" installed", line, StringComparison.Ordinal));
        Assert.Equal(7, packages.Split('\n').Length);

        Assert.Equal("/etc/ssl/certs/ca-certificates.crt", await stack.RunInAsync(stack.RunImage, "ls", "/etc/ssl/certs/ca-certificates.crt"));
        Assert.Equal(string.Empty, await stack.RunInAsync(stack.RunImage, "find", "/usr/share/doc", "/usr/share/man", "-type", "f", "!", "-name", "copyright"));
    }

    [Fact]
    public async Task The_build_image_has_the_tools_buildpacks_use()
    {
        var output = await stack.RunInAsync(stack.BuildImage, "bash", "-c", "jq -n '{a: 1}' | jq -c . && find /etc/os-release && test -f /etc/ssl/certs/ca-certificates.crt && echo ok");

        Assert.Equal("{\"a\":1}\n/etc/os-release\nok", output);
    }

    [Fact]
    public async Task The_build_image_carries_the_local_sdks_dotnet_and_aspnetcore_runtimes_in_opt_dotnet_runtimes()
    {
        var local = await LocalRuntimesAsync();

        var frameworks = await stack.RunInAsync(stack.BuildImage, "bash", "-c", "ls -d /opt/dotnet-runtimes/*/shared/Microsoft.AspNetCore.App/* /opt/dotnet-runtimes/*/shared/Microsoft.NETCore.App/*");
        foreach (var (name, version) in local)
        {
            Assert.Contains($"/opt/dotnet-runtimes/{local.First(l => l.Name == "Microsoft.NETCore.App").Version}/shared/{name}/{version}", frameworks, StringComparison.Ordinal);
        }

        using var manifest = JsonDocument.Parse(await stack.RunInAsync(stack.BuildImage, "cat", "/opt/dotnet-runtimes/manifest.json"));
        var newest = local.First(l => l.Name == "Microsoft.NETCore.App").Version;
        var entry = manifest.RootElement.GetProperty("runtimes").EnumerateArray().Single(r => r.GetProperty("version").GetString() == newest);
        var root = entry.GetProperty("root").GetString()!;
        Assert.Equal(
            local.OrderBy(l => l.Name, StringComparer.Ordinal).ToList(),
            entry.GetProperty("frameworks").EnumerateArray().Select(f => (f.GetProperty("name").GetString()!, f.GetProperty("version").GetString()!)).OrderBy(f => f.Item1, StringComparer.Ordinal).ToList());

        // The copy is a working dotnet root: its muxer finds both frameworks through its own hostfxr.
        var listed = await stack.RunInAsync(stack.BuildImage, root + "/dotnet", "--list-runtimes");
        Assert.Contains($"Microsoft.AspNetCore.App {local.First(l => l.Name == "Microsoft.AspNetCore.App").Version} [{root}/shared/Microsoft.AspNetCore.App]", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_images_are_in_the_oci_layouts_with_the_same_digests_as_in_the_registry()
    {
        var run = $"oci:{stack.Layout.Combine("run")}:bookworm-v2";

        var summary = await Skopeo.SummaryAsync(run);

        Assert.Equal(stack.FirstRun.Digests[stack.RunImageV2], summary.GetProperty("Digest").GetString());
        Assert.Equal(stack.FirstRun.Digests[stack.BuildImage], stack.FirstRun.Digests[$"oci:{stack.Layout.Combine("build")}:bookworm"]);
        Assert.Equal(stack.FirstRun.Digests[stack.RunImageV2], (await Skopeo.SummaryAsync("docker://" + stack.RunImageV2)).GetProperty("Digest").GetString());
    }

    [Fact]
    public void Running_again_reuses_the_cache_and_gives_the_same_digests_without_writing()
    {
        var second = stack.SecondRun;
        var registryImages = new[] { stack.BuildImage, stack.RunImage, stack.RunImageV2 };

        Assert.All(registryImages, image => Assert.Equal(stack.FirstRun.Digests[image], second.Digests[image]));
        Assert.All(registryImages, image => Assert.Contains(image, second.UnchangedReferences));
        Assert.Contains("base rootfs cached", second.Result.StandardError, StringComparison.Ordinal);
        Assert.Contains("build layer cached", second.Result.StandardError, StringComparison.Ordinal);
        Assert.Contains("kept from an earlier run", second.Result.StandardError, StringComparison.Ordinal);

        // A debootstrap alone takes longer than this; a cached run takes about a second (plus a tool build if stale).
        Assert.True(second.Elapsed < TimeSpan.FromSeconds(60), $"the cached run took {second.Elapsed}");
    }

    private static Dictionary<string, string> Env(JsonElement config) =>
        config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()!.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    // The frameworks `dotnet --list-runtimes` shows for the newest Microsoft.NETCore.App of the local install.
    private static async Task<List<(string Name, string Version)>> LocalRuntimesAsync()
    {
        var output = await ProcessRunner.RunCheckedAsync(RequiredServices.RequireTool("dotnet"), "--list-runtimes");
        var runtimes = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .Where(parts => parts[0] is "Microsoft.NETCore.App" or "Microsoft.AspNetCore.App")
            .Select(parts => (Name: parts[0], Version: parts[1]))
            .ToList();
        var newest = runtimes.Where(r => r.Name == "Microsoft.NETCore.App").MaxBy(r => Version.Parse(r.Version.Split('-')[0]))!.Version;
        return runtimes.Where(r => r.Version == newest).ToList();
    }
}
