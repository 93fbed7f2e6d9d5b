using Buildpacks.Images.Caching;
using Buildpacks.TestInfrastructure;
using Xunit;

namespace Buildpacks.Images.Tests.Caching;

/// <summary>
/// Records left for the next run: only those a run kept are written, a bad file is no records, and with no file
/// nothing is kept at all.
/// </summary>
public sealed class KeptRecordsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string PathOf => _dir.Combine("records.json");

    private KeptRecords<string> Load() => KeptRecords<string>.Load(PathOf, KeptRecordsTestJson.Default.DictionaryStringString);

    [Fact]
    public void The_next_run_reads_what_this_one_kept_and_nothing_it_did_not()
    {
        var first = Load();
        first.Keep("a", "1");
        first.Keep("b", "2");
        first.Save();

        var second = Load();
        Assert.True(second.TryGetPrevious("a", out var a));
        second.Keep("a", a);
        second.Save();

        var third = Load();
        Assert.True(third.TryGetPrevious("a", out var kept));
        Assert.Equal("1", kept);
        Assert.False(third.TryGetPrevious("b", out _));
    }

    [Fact]
    public void A_forgotten_record_is_neither_read_nor_written()
    {
        var first = Load();
        first.Keep("a", "1");
        first.Save();

        var second = Load();
        second.Keep("a", "1");
        second.Forget("a");
        second.Save();

        Assert.False(second.TryGetPrevious("a", out _));
        Assert.False(Load().TryGetPrevious("a", out _));
    }

    [Fact]
    public void An_unreadable_file_is_no_records_and_none_keeps_nothing()
    {
        File.WriteAllText(PathOf, "{ not json");
        Assert.False(Load().TryGetPrevious("a", out _));

        KeptRecords<string>.None.Keep("a", "1");
        KeptRecords<string>.None.Save();
        Assert.False(KeptRecords<string>.None.TryGetPrevious("a", out _));
    }

    [Fact]
    public void A_file_is_settled_two_seconds_after_its_last_write()
    {
        var written = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        Assert.False(SettledFile.WasSettled(written, written.AddSeconds(1.9)));
        Assert.True(SettledFile.WasSettled(written, written.AddSeconds(2)));
    }
}

/// <summary>Source-generated JSON for the tests' records.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class KeptRecordsTestJson : System.Text.Json.Serialization.JsonSerializerContext;
