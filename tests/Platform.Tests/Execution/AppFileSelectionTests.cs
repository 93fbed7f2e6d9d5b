using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution.AppFiles;
using Buildpacks.TestInfrastructure;
using Xunit;

namespace Buildpacks.Platform.Tests.Execution;

public sealed class AppFileSelectionTests
{
    [Theory]
    [InlineData("*.pdb", "app.pdb", true)]
    [InlineData("*.pdb", "sub/dir/app.pdb", true)]
    [InlineData("*.pdb", "app.dll", false)]
    [InlineData("/*.pdb", "sub/app.pdb", false)]
    [InlineData("/*.pdb", "app.pdb", true)]
    [InlineData("sub/*.pdb", "sub/app.pdb", true)]
    [InlineData("sub/*.pdb", "other/sub/app.pdb", false)]
    [InlineData("sub/*.pdb", "sub/deeper/app.pdb", false)]
    [InlineData("**/sub/*.pdb", "other/sub/app.pdb", true)]
    [InlineData("a/**/b", "a/b", true)]
    [InlineData("a/**/b", "a/x/y/b", true)]
    [InlineData("a/**", "a/x/y", true)]
    [InlineData("a/**", "b/a/x", false)]
    [InlineData("logs", "logs/today.txt", true)]
    [InlineData("logs", "deep/logs/today.txt", true)]
    [InlineData("app?.dll", "app1.dll", true)]
    [InlineData("app?.dll", "app/.dll", false)]
    [InlineData("app[0-9].dll", "app7.dll", true)]
    [InlineData("app[!0-9].dll", "app7.dll", false)]
    [InlineData("app[!0-9].dll", "appx.dll", true)]
    [InlineData("\\#note", "#note", true)]
    [InlineData("a*b", "a/b", false)]
    [InlineData(".env", ".env", true)]
    [InlineData("*.json", "app.runtimeconfig.json", true)]
    public void Exclude_pattern_matches_as_gitignore(string pattern, string path, bool excluded)
    {
        var selection = AppFileSelection.Create(include: [], exclude: [pattern]);

        Assert.Equal(!excluded, selection.Includes(path, isDirectory: false));
    }

    [Fact]
    public void Directory_only_pattern_matches_directories_and_what_is_inside_not_files()
    {
        var selection = AppFileSelection.Create([], ["cache/"]);

        Assert.False(selection.Includes("cache", isDirectory: true));
        Assert.False(selection.Includes("cache/x.bin", isDirectory: false));
        Assert.True(selection.Includes("cache", isDirectory: false));
    }

    [Fact]
    public void Later_negation_wins_and_comments_and_blank_lines_are_ignored()
    {
        var selection = AppFileSelection.Create([], ["# no debug symbols", "", "*.pdb", "!keep.pdb"]);

        Assert.False(selection.Includes("app.pdb", false));
        Assert.True(selection.Includes("keep.pdb", false));
        Assert.True(selection.Includes("sub/keep.pdb", false));
    }

    [Fact]
    public void Include_selects_only_what_matches()
    {
        var selection = AppFileSelection.Create(["*.dll", "wwwroot/", "!wwwroot/secret.txt"], []);

        Assert.True(selection.Includes("app.dll", false));
        Assert.False(selection.Includes("app.pdb", false));
        Assert.True(selection.Includes("wwwroot/css/site.css", false));
        Assert.False(selection.Includes("wwwroot/secret.txt", false));
    }

    [Fact]
    public void No_patterns_select_everything_and_paths_are_normalized()
    {
        var selection = AppFileSelection.Create(null, ["# only a comment"]);

        Assert.Same(AppFileSelection.All, selection);
        Assert.True(selection.SelectsEverything);
        Assert.False(AppFileSelection.Create([], ["/a/b/"]).Includes("./a/b/", true));
    }

    [Fact]
    public void Include_and_exclude_together_is_BP7001()
    {
        var error = Assert.Throws<CodedException>(() => AppFileSelection.Create(["*.dll"], ["*.pdb"]));

        Assert.Equal("BP7001", error.Coded.Code);
        Assert.Contains("*.pdb", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app[0-9")]
    [InlineData("trailing\\")]
    [InlineData("!/")]
    public void Malformed_pattern_is_BP7002(string pattern)
    {
        var error = Assert.Throws<CodedException>(() => AppFileSelection.Create([], [pattern]));

        Assert.Equal("BP7002", error.Coded.Code);
    }

    [Fact]
    public void Enumerate_lists_selected_entries_sorted_with_their_parents()
    {
        using var temp = new TempDirectory();
        Write(temp.Path, "app.dll");
        Write(temp.Path, "app.pdb");
        Write(temp.Path, "logs/a.log");
        Write(temp.Path, "wwwroot/css/site.css");
        Write(temp.Path, "wwwroot/site.pdb");
        Directory.CreateDirectory(Path.Combine(temp.Path, "empty"));
        File.CreateSymbolicLink(Path.Combine(temp.Path, "link.dll"), "app.dll");

        var excluded = AppFileSelection.Create([], ["*.pdb", "logs/"]).Enumerate(temp.Path).ToList();
        var included = AppFileSelection.Create(["*.css"], []).Enumerate(temp.Path).ToList();

        Assert.Equal(["app.dll", "empty", "link.dll", "wwwroot", "wwwroot/css", "wwwroot/css/site.css"], excluded.Select(e => e.RelativePath));
        Assert.Equal(AppFileKind.SymbolicLink, excluded.Single(e => e.RelativePath == "link.dll").Kind);
        Assert.Equal(AppFileKind.Directory, excluded.Single(e => e.RelativePath == "empty").Kind);
        Assert.Equal(Path.Combine(temp.Path, "app.dll"), excluded[0].FullPath);
        Assert.Equal(["wwwroot", "wwwroot/css", "wwwroot/css/site.css"], included.Select(e => e.RelativePath));
    }

    private static void Write(string root, string relative)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, relative);
    }
}
