using Buildpacks.Platform.Builders;

namespace Buildpacks.MSBuild.Tasks.Tests.Builders;

public sealed class ConfigKeyLinesTests
{
    private const string Toml = """
        description = "d"

        [[order]]
        [[order.group]]
        id = "a"

        [[order.group]]
        id = "b"

        [[order]]
        [[order.group]]
        id = "c"
        "quoted key" = 1

        [run]
        [[run.images]]
        image = "r"
        """;

    [Theory]
    [InlineData("description", 1)]
    [InlineData("order[0]", 3)]
    [InlineData("order[0].group[1].id", 8)]
    [InlineData("order[1].group[0].id", 12)]
    [InlineData("order[1].group[0].quoted key", 13)]
    [InlineData("run.images[0].image", 17)]
    public void A_key_is_found_on_its_own_line_with_arrays_of_tables_numbered_per_parent(string key, int line) =>
        Assert.Equal(line, ConfigKeyLines.Find(Toml, key));

    [Theory]
    [InlineData("order[0].group[1].version", 7)]
    [InlineData("run.images[0].mirrors", 16)]
    [InlineData("order[1].group[0].optional", 11)]
    public void A_missing_key_is_placed_at_the_header_of_the_table_that_should_hold_it(string key, int line) =>
        Assert.Equal(line, ConfigKeyLines.Find(Toml, key));

    [Fact]
    public void Nothing_is_found_for_a_key_outside_the_file_or_text_that_does_not_parse()
    {
        Assert.Null(ConfigKeyLines.Find(Toml, "lifecycle.uri"));
        Assert.Null(ConfigKeyLines.Find("[broken", "broken"));
    }
}
