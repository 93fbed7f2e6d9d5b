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
    [InlineData("[[]x", "[x", true)] // '[' is a plain member inside a class
    [InlineData("[\\]]x", "]x", true)] // an escaped ']' is a member
    [InlineData("[a\\-z]", "-", true)] // an escaped '-' is a member, not a range
    [InlineData("[a\\-z]", "b", false)]
    [InlineData("b\\*\\[x].dll", "b*[x].dll", true)] // how a file name's metacharacters are escaped
    [InlineData("b\\*\\[x].dll", "bb[x].dll", false)]
    public void Matches_like_go_filepath_match(string pattern, string path, bool expected) =>
        Assert.Equal(expected, new SlicePattern(pattern).Matches(path));

    [Theory]
    [InlineData("[abc")]
    [InlineData("trailing\\")]
    [InlineData("[]a]")] // Go: a class cannot start with ']'
    [InlineData("[-a]")] // nor with '-'
    [InlineData("[a-]")] // nor end a range with ']'
    [InlineData("[]")]
    [InlineData("[^]")]
    [InlineData("ok-[a")]
    public void A_malformed_pattern_is_refused(string pattern) =>
        Assert.Throws<FormatException>(() => new SlicePattern(pattern));
}
