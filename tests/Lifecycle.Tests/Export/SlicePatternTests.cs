using Buildpacks.Lifecycle.Export;
using Xunit;

namespace Buildpacks.Lifecycle.Tests.Export;

/// <summary>Slice paths match as Go's filepath.Match does, after filepath.Clean.</summary>
public sealed class SlicePatternTests
{
    [Theory]
    [InlineData("static/*", "static/index.html", true)]
    [InlineData("static/*", "static/css/site.css", false)] // '*' never crosses '/'
    [InlineData("static", "static", true)]
    [InlineData("./static/", "static", true)]
    [InlineData("*.dll", "app.dll", true)]
    [InlineData("*.dll", "lib/app.dll", false)]
    [InlineData("app.?ll", "app.dll", true)]
    [InlineData("app.?ll", "app.ll", false)]
    [InlineData("[a-c]*.txt", "b-file.txt", true)]
    [InlineData("[a-c]*.txt", "d-file.txt", false)]
    [InlineData("[^a-c]*.txt", "d-file.txt", true)]
    [InlineData("\\*.txt", "*.txt", true)]
    [InlineData("\\*.txt", "a.txt", false)]
    [InlineData("lib/../bin/*", "bin/run", true)]
    public void Matches_like_go_filepath_match(string pattern, string path, bool expected) =>
        Assert.Equal(expected, new SlicePattern(pattern).Matches(path));

    [Theory]
    [InlineData("[abc")]
    [InlineData("trailing\\")]
    public void A_malformed_pattern_is_refused(string pattern) =>
        Assert.Throws<FormatException>(() => new SlicePattern(pattern));
}
