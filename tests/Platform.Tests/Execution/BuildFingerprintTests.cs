using Buildpacks.Images.References;
using Buildpacks.Platform.Execution;
using Buildpacks.Platform.Execution.Incremental;
using Buildpacks.TestInfrastructure;
using Xunit;

namespace Buildpacks.Platform.Tests.Execution;

public sealed class BuildFingerprintTests : IDisposable
{
    private readonly TempDirectory _temp = new("fingerprint");

    public BuildFingerprintTests()
    {
        _temp.WriteFile("app/App.dll", "assembly");
        _temp.WriteFile("app/wwwroot/site.css", "body {}");
        _temp.WriteFile("app/App.pdb", "symbols");
    }

    public void Dispose() => _temp.Dispose();

    private BuildRequest Request => new()
    {
        AppDirectory = _temp.Combine("app"),
        Tags = [ImageReference.Parse("registry.example.com/shop:1")],
        Builder = ImageReference.Parse("registry.example.com/builder:1"),
        Destination = ImageDestination.Registry,
    };

    private static Task<BuildFingerprint> Of(BuildRequest request) => BuildFingerprint.ComputeAsync(request, CancellationToken.None);

    [Fact]
    public async Task With_a_digest_cache_a_file_whose_size_and_time_are_unchanged_is_not_read_again()
    {
        var cache = _temp.Combine("obj", "stamp.files.json");
        Directory.CreateDirectory(_temp.Combine("obj"));
        var dll = _temp.Combine("app", "App.dll");
        var old = DateTime.UtcNow.AddMinutes(-10);
        File.SetLastWriteTimeUtc(dll, old);
        var first = await BuildFingerprint.ComputeAsync(Request, CancellationToken.None, cache);

        // Same size and time, other bytes: the cache is trusted (as MSBuild trusts times), so the fingerprint stays.
        File.WriteAllText(dll, "ASSEMBLY");
        File.SetLastWriteTimeUtc(dll, old);
        Assert.Equal(first, await BuildFingerprint.ComputeAsync(Request, CancellationToken.None, cache));
        Assert.NotEqual(first, await Of(Request));

        // A new time: read again.
        File.SetLastWriteTimeUtc(dll, old.AddSeconds(1));
        Assert.NotEqual(first, await BuildFingerprint.ComputeAsync(Request, CancellationToken.None, cache));
        Assert.Equal(await Of(Request), await BuildFingerprint.ComputeAsync(Request, CancellationToken.None, cache));
    }

    [Fact]
    public async Task A_file_written_just_before_it_was_hashed_is_hashed_again_and_a_broken_cache_is_no_cache()
    {
        var cache = _temp.Combine("stamp.files.json");
        var dll = _temp.Combine("app", "App.dll");
        var first = await BuildFingerprint.ComputeAsync(Request, CancellationToken.None, cache);

        // Written in the same second as its hash was recorded: racily clean, so not trusted.
        var time = File.GetLastWriteTimeUtc(dll);
        File.WriteAllText(dll, "ASSEMBLY");
        File.SetLastWriteTimeUtc(dll, time);
        var second = await BuildFingerprint.ComputeAsync(Request, CancellationToken.None, cache);
        Assert.NotEqual(first, second);
        Assert.Equal(await Of(Request), second);

        File.WriteAllText(cache, "{ not json");
        Assert.Equal(second, await BuildFingerprint.ComputeAsync(Request, CancellationToken.None, cache));
    }

    [Fact]
    public async Task Same_files_and_configuration_give_the_same_fingerprint_wherever_the_app_is()
    {
        var first = await Of(Request);
        var copy = _temp.Combine("copy");
        foreach (var file in Directory.EnumerateFiles(_temp.Combine("app"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(_temp.Combine("app"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        Assert.Equal(first, await Of(Request));
        Assert.Equal(first, await Of(Request with { AppDirectory = copy, Verbose = true }));
        Assert.StartsWith("sha256:", first.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_file_content_mode_name_or_new_file_changes_it()
    {
        var before = await Of(Request);
        var seen = new HashSet<string> { before.Value };

        File.WriteAllText(_temp.Combine("app", "App.dll"), "assembly 2");
        Assert.True(seen.Add((await Of(Request)).Value), "content");
        File.SetUnixFileMode(_temp.Combine("app", "App.dll"), (UnixFileMode)0b111_101_101);
        Assert.True(seen.Add((await Of(Request)).Value), "mode");
        File.Move(_temp.Combine("app", "wwwroot", "site.css"), _temp.Combine("app", "wwwroot", "main.css"));
        Assert.True(seen.Add((await Of(Request)).Value), "name");
        _temp.WriteFile("app/new.txt", "");
        Assert.True(seen.Add((await Of(Request)).Value), "new empty file");
    }

    [Fact]
    public async Task An_excluded_file_does_not_count()
    {
        var request = Request with { Exclude = ["*.pdb"] };
        var before = await Of(request);

        File.WriteAllText(_temp.Combine("app", "App.pdb"), "other symbols");

        Assert.Equal(before, await Of(request));
        Assert.NotEqual(before, await Of(Request));
    }

    [Fact]
    public async Task Each_setting_that_changes_the_image_changes_it()
    {
        var baseline = (await Of(Request)).Value;
        BuildRequest[] variants =
        [
            Request with { Tags = [ImageReference.Parse("registry.example.com/shop:2")] },
            Request with { Builder = ImageReference.Parse("registry.example.com/builder:2") },
            Request with { RunImage = ImageReference.Parse("registry.example.com/run:2") },
            Request with { Destination = new ImageDestination(ImageDestinationKind.Layout, "/out") },
            Request with { Environment = [new("BP_X", "1")] },
            Request with { Environment = [new("BP_X", "2")] },
            Request with { Buildpacks = ["example/a@1"] },
            Request with { Labels = [new("a", "b")] },
            Request with { Created = DateTimeOffset.UnixEpoch },
            Request with { DefaultProcess = "worker" },
            Request with { ImageAppDirectory = "/app" },
            Request with { Cache = new BuildCache { Clear = true } },
            Request with { Platform = Images.Model.ImagePlatform.Parse("linux/arm64") },
        ];

        var fingerprints = new List<string> { baseline };
        foreach (var variant in variants)
        {
            fingerprints.Add((await Of(variant)).Value);
        }

        Assert.Equal(fingerprints.Count, fingerprints.Distinct().Count());
    }

    [Fact]
    public async Task Stamp_round_trips_and_is_up_to_date_only_for_the_same_fingerprint_and_an_existing_output()
    {
        var archive = _temp.Combine("out", "app.tar");
        var request = Request with { Destination = new ImageDestination(ImageDestinationKind.Archive, archive) };
        var fingerprint = await Of(request);
        var stampPath = _temp.Combine("obj", "buildpack.stamp.json");
        BuildStamp.Create(fingerprint, request, new BuildResult(["registry.example.com/shop:1"], "sha256:" + new string('a', 64), "sha256:" + new string('b', 64))).Write(stampPath);

        var stamp = BuildStamp.TryRead(stampPath)!;

        Assert.Equal(["registry.example.com/shop:1"], stamp.Tags);
        Assert.Equal("Archive", stamp.Destination);
        Assert.Equal("sha256:" + new string('b', 64), stamp.ImageId);
        Assert.False(stamp.IsUpToDate(fingerprint, request), "the archive does not exist");
        _temp.WriteFile("out/app.tar", "tar");
        Assert.True(stamp.IsUpToDate(fingerprint, request));
        File.WriteAllText(_temp.Combine("app", "App.dll"), "changed");
        Assert.False(stamp.IsUpToDate(await Of(request), request));
        Assert.False(stamp.IsUpToDate(fingerprint, request with { Destination = new ImageDestination(ImageDestinationKind.Archive, archive + "2") }));
    }

    [Fact]
    public async Task A_layout_stamp_needs_the_manifest_in_the_layout_and_a_broken_stamp_reads_as_none()
    {
        var layout = _temp.Combine("layout");
        var request = Request with { Destination = new ImageDestination(ImageDestinationKind.Layout, layout) };
        var fingerprint = await Of(request);
        var digest = "sha256:" + new string('c', 64);
        var stamp = BuildStamp.Create(fingerprint, request, new BuildResult(["registry.example.com/shop:1"], digest, "sha256:" + new string('d', 64)));

        _temp.WriteFile("layout/index.json", """{"schemaVersion":2,"manifests":[]}""");
        Assert.False(stamp.IsUpToDate(fingerprint, request));
        _temp.WriteFile("layout/index.json", $$"""{"schemaVersion":2,"manifests":[{"digest":"{{digest}}"}]}""");
        Assert.False(stamp.IsUpToDate(fingerprint, request), "the manifest blob is missing");
        _temp.WriteFile($"layout/blobs/sha256/{new string('c', 64)}", "{}");
        Assert.True(stamp.IsUpToDate(fingerprint, request));

        _temp.WriteFile("obj/broken.json", "{ not json");
        Assert.Null(BuildStamp.TryRead(_temp.Combine("obj", "broken.json")));
        Assert.Null(BuildStamp.TryRead(_temp.Combine("obj", "missing.json")));
    }
}
