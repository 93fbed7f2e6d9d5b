using Buildpacks.Images.Layers;
using Buildpacks.TestInfrastructure;
using Xunit;
using static Buildpacks.Images.Tests.Layers.LayerTestFiles;

namespace Buildpacks.Images.Tests.Layers;

/// <summary>
/// A layer's fingerprint stands for its tar: it changes with every header field and every file's path, size and time,
/// and there is none while a file may still be written in the same clock tick.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LayerFingerprintTests : IDisposable
{
    private static readonly DateTime LongAgo = DateTime.UtcNow.AddHours(-1);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Settled(string relative, string content)
    {
        var path = Write(_dir, relative, content);
        File.SetLastWriteTimeUtc(path, LongAgo);
        return path;
    }

    private static LayerEntry[] Layer(string file, UnixFileMode mode = LayerModes.File) =>
        [LayerEntry.Directory("app"), LayerEntry.File("app/a.dll", LayerEntryContent.FromFile(file), mode), LayerEntry.TextFile("app/b.json", "{}")];

    [Fact]
    public void The_same_entries_over_the_same_files_have_the_same_fingerprint()
    {
        var file = Settled("a.dll", "assembly");

        var first = LayerFingerprint.TryCompute(Layer(file));

        Assert.NotNull(first);
        Assert.Equal(first, LayerFingerprint.TryCompute(Layer(file)));
    }

    [Fact]
    public void A_file_of_another_size_or_time_changes_the_fingerprint()
    {
        var file = Settled("a.dll", "assembly");
        var before = LayerFingerprint.TryCompute(Layer(file));

        File.WriteAllText(file, "assembly, longer");
        File.SetLastWriteTimeUtc(file, LongAgo);
        var resized = LayerFingerprint.TryCompute(Layer(file));
        File.SetLastWriteTimeUtc(file, LongAgo.AddSeconds(1));
        var retimed = LayerFingerprint.TryCompute(Layer(file));

        Assert.NotNull(resized);
        Assert.NotNull(retimed);
        Assert.Equal(3, new[] { before, resized, retimed }.Distinct().Count());
    }

    [Fact]
    public void Every_header_field_and_the_content_in_memory_count()
    {
        var file = Settled("a.dll", "assembly");
        var other = Settled("other/a.dll", "assembly");
        File.SetLastWriteTimeUtc(other, LongAgo);
        var plain = LayerFingerprint.TryCompute(Layer(file));

        string?[] variants =
        [
            LayerFingerprint.TryCompute(Layer(other)),
            LayerFingerprint.TryCompute(Layer(file, LayerModes.Executable)),
            LayerFingerprint.TryCompute(Layer(file), new LayerWriteOptions { Uid = 1000 }),
            LayerFingerprint.TryCompute(Layer(file), new LayerWriteOptions { ModificationTime = LayerWriteOptions.DefaultModificationTime.AddDays(1) }),
            LayerFingerprint.TryCompute(Layer(file), new LayerWriteOptions { Naming = LayerEntryNaming.Absolute }),
            LayerFingerprint.TryCompute([.. Layer(file)[..2], LayerEntry.TextFile("app/b.json", "[]")]),
            LayerFingerprint.TryCompute([.. Layer(file), LayerEntry.Symlink("app/c", "a.dll")]),
        ];

        Assert.All(variants, Assert.NotNull);
        Assert.Equal(variants.Length + 1, variants.Append(plain).Distinct().Count());
    }

    [Fact]
    public void A_file_modified_just_now_or_missing_gives_no_fingerprint()
    {
        var fresh = Write(_dir, "fresh.dll", "just built");

        Assert.Null(LayerFingerprint.TryCompute(Layer(fresh)));
        Assert.Null(LayerFingerprint.TryCompute(Layer(_dir.Combine("missing.dll"))));
    }
}
