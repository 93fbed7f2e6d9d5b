using System.Text.Json;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Layering;
using Buildpacks.TestInfrastructure;
using Xunit;

namespace Buildpacks.Platform.Tests.Layering;

/// <summary>The layers index: which group each published file goes to, the file's bytes, the user's groups.</summary>
public sealed class LayersIndexTests
{
    private const string CoreRuntime = "Microsoft.NETCore.App.Runtime.linux-x64";
    private const string AspNetRuntime = "Microsoft.AspNetCore.App.Runtime.linux-x64";

    private static readonly PublishedApp SelfContainedWeb = new() { Name = "Shop", SelfContained = true };

    // A self-contained web app's publish as ResolvedFileToPublish describes it (RelativePath, NuGetPackageId).
    private static readonly PublishedFile[] SelfContainedFiles =
    [
        new("Shop", ""),
        new("Shop.dll", ""),
        new("Shop.deps.json", ""),
        new("appsettings.json", ""),
        new("wwwroot/css/site.css", ""),
        new("wwwroot/img/logo.png", ""),
        new("de/Shop.resources.dll", ""),
        new("System.Private.CoreLib.dll", CoreRuntime),
        new("libcoreclr.so", CoreRuntime),
        new("Microsoft.AspNetCore.dll", AspNetRuntime),
        new("Newtonsoft.Json.dll", "Newtonsoft.Json"),
        new("de/Humanizer.resources.dll", "Humanizer.Core.de"),
        new("runtimes/linux-x64/native/libe_sqlite3.so", "SQLitePCLRaw.lib.e_sqlite3"),
    ];

    private static LayersIndex Index(IEnumerable<PublishedFile> files, params CustomLayer[] custom) =>
        LayersIndex.Create(SelfContainedWeb, files.Select(f => f.RelativePath), files, [CoreRuntime, AspNetRuntime], custom);

    private static IReadOnlyList<string> Group(LayersIndex index, string name) => index.Layers.Single(l => l.Name == name).Files;

    [Fact]
    public void Runtime_pack_assets_packages_and_the_rest_go_to_runtime_packages_and_app_in_that_order()
    {
        var index = Index(SelfContainedFiles);

        Assert.Equal(["runtime", "packages", "app"], index.Layers.Select(l => l.Name));
        Assert.Equal(["Microsoft.AspNetCore.dll", "System.Private.CoreLib.dll", "libcoreclr.so"], Group(index, "runtime"));
        Assert.Equal(["Newtonsoft.Json.dll", "de/Humanizer.resources.dll", "runtimes/linux-x64/native/libe_sqlite3.so"], Group(index, "packages"));
        Assert.Equal(
            ["Shop", "Shop.deps.json", "Shop.dll", "Shop.layers.json", "appsettings.json", "de/Shop.resources.dll", "wwwroot/css/site.css", "wwwroot/img/logo.png"],
            Group(index, "app"));
    }

    [Fact]
    public void A_framework_dependent_app_has_an_empty_runtime_group()
    {
        var files = SelfContainedFiles.Where(f => !f.PackageId.EndsWith("linux-x64", StringComparison.Ordinal));

        var index = LayersIndex.Create(SelfContainedWeb with { SelfContained = false }, files.Select(f => f.RelativePath), files, [], []);

        Assert.Empty(Group(index, "runtime"));
        Assert.Equal(3, Group(index, "packages").Count);
    }

    [Fact]
    public void Runtime_pack_ids_compare_ignoring_case_as_NuGet_ids_do()
    {
        var index = LayersIndex.Create(SelfContainedWeb, ["libcoreclr.so"], [new("libcoreclr.so", "microsoft.netcore.app.runtime.LINUX-X64")], [CoreRuntime], []);

        Assert.Equal(["libcoreclr.so"], Group(index, "runtime"));
    }

    [Fact]
    public void A_users_group_takes_its_files_first_and_sits_between_the_packages_and_the_app()
    {
        var index = Index(SelfContainedFiles, CustomLayer.Parse("static-assets", "wwwroot/**;!*.css"), CustomLayer.Parse("satellites", "de/*.resources.dll"));

        Assert.Equal(["runtime", "packages", "static-assets", "satellites", "app"], index.Layers.Select(l => l.Name));
        Assert.Equal(["wwwroot/img/logo.png"], Group(index, "static-assets"));
        Assert.Equal(["de/Humanizer.resources.dll", "de/Shop.resources.dll"], Group(index, "satellites"));
        Assert.Contains("wwwroot/css/site.css", Group(index, "app"));
        Assert.DoesNotContain("de/Humanizer.resources.dll", Group(index, "packages"));
    }

    [Fact]
    public void The_groups_hold_the_files_in_the_publish_directory_whatever_MSBuild_described_and_the_index_itself()
    {
        PublishedFile[] origins = [new("Shop.dll", ""), new("Shop.dll", "Other"), new("gone.dll", "Newtonsoft.Json"), new("sub\\win.dll", "Newtonsoft.Json")];
        string[] directory = ["Shop.dll", "Shop", "sub/win.dll", "wwwroot/site.css", "./dot.txt", "../outside.txt", "/etc/passwd"];

        var index = LayersIndex.Create(SelfContainedWeb, directory, origins, [], []);

        Assert.Equal(["sub/win.dll"], Group(index, "packages"));
        Assert.Equal(["Shop", "Shop.dll", "Shop.layers.json", "dot.txt", "wwwroot/site.css"], Group(index, "app"));
    }

    [Fact]
    public void The_files_of_a_directory_are_listed_relative_with_links_as_files_and_never_followed()
    {
        using var temp = new TempDirectory("layers-files");
        temp.WriteFile("a.dll", "a");
        temp.WriteFile("wwwroot/css/site.css", "body {}");
        File.CreateSymbolicLink(temp.Combine("link.dll"), "a.dll");
        Directory.CreateSymbolicLink(temp.Combine("linked-dir"), temp.Combine("wwwroot"));

        Assert.Equal(["a.dll", "link.dll", "linked-dir", "wwwroot/css/site.css"], PublishedFileGroups.FilesIn(temp.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_index_is_indented_json_with_the_app_and_its_groups_and_the_same_inputs_give_the_same_bytes()
    {
        var app = new PublishedApp
        {
            Name = "Shop",
            SingleFile = true,
            Frameworks = [new("Microsoft.NETCore.App", "10.0.0"), new("Microsoft.AspNetCore.App", "10.0.0")],
            RollForward = "Major",
        };
        var index = LayersIndex.Create(app, ["Shop", "Newtonsoft.Json.dll"], [new("Newtonsoft.Json.dll", "Newtonsoft.Json")], [], []);

        var json = index.ToJson();

        Assert.Equal(json, LayersIndex.Create(app, ["Newtonsoft.Json.dll", "Shop"], [new("Newtonsoft.Json.dll", "Newtonsoft.Json")], [], []).ToJson());
        Assert.Equal(
            """
            {
              "schemaVersion": 1,
              "app": "Shop",
              "selfContained": false,
              "singleFile": true,
              "frameworks": [
                {
                  "name": "Microsoft.NETCore.App",
                  "version": "10.0.0"
                },
                {
                  "name": "Microsoft.AspNetCore.App",
                  "version": "10.0.0"
                }
              ],
              "rollForward": "Major",
              "layers": [
                {
                  "name": "runtime",
                  "files": []
                },
                {
                  "name": "packages",
                  "files": [
                    "Newtonsoft.Json.dll"
                  ]
                },
                {
                  "name": "app",
                  "files": [
                    "Shop",
                    "Shop.layers.json"
                  ]
                }
              ]
            }

            """.ReplaceLineEndings("\n"),
            System.Text.Encoding.UTF8.GetString(json));
        using var parsed = JsonDocument.Parse(json);
        Assert.Equal(LayersIndex.SchemaVersion, parsed.RootElement.GetProperty("schemaVersion").GetInt32());
    }

    [Fact]
    public async Task Writing_the_same_index_again_leaves_the_file_untouched()
    {
        using var temp = new TempDirectory("layers-index");
        var index = Index(SelfContainedFiles);
        var path = await index.WriteToAsync(temp.Path, CancellationToken.None);
        var written = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, written);

        Assert.Equal(path, await index.WriteToAsync(temp.Path, CancellationToken.None));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        Assert.Equal(Path.Combine(temp.Path, "Shop.layers.json"), path);

        await Index(SelfContainedFiles.Take(3)).WriteToAsync(temp.Path, CancellationToken.None);
        Assert.NotEqual(written, File.GetLastWriteTimeUtc(path));
    }

    [Theory]
    [InlineData("Static")]
    [InlineData("-x")]
    [InlineData("two words")]
    [InlineData("app")]
    [InlineData("runtime")]
    [InlineData("packages")]
    [InlineData("")]
    public void A_group_name_that_is_not_a_lowercase_word_or_is_built_in_is_BP1080(string name)
    {
        var e = Assert.Throws<CodedException>(() => CustomLayer.Parse(name, "wwwroot/**"));

        Assert.Equal("BP1080", e.Coded.Code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ; ")]
    public void A_group_without_files_is_BP1081(string? files)
    {
        var e = Assert.Throws<CodedException>(() => CustomLayer.Parse("assets", files));

        Assert.Equal("BP1081", e.Coded.Code);
        Assert.Contains("'assets'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_groups_of_one_name_are_BP1082()
    {
        var e = Assert.Throws<CodedException>(() => Index(SelfContainedFiles, CustomLayer.Parse("assets", "a"), CustomLayer.Parse("assets", "b")));

        Assert.Equal("BP1082", e.Coded.Code);
    }

    [Fact]
    public void A_malformed_pattern_is_BP7002_and_a_backslash_is_a_separator()
    {
        Assert.Equal("BP7002", Assert.Throws<CodedException>(() => CustomLayer.Parse("assets", "img/[a-")).Coded.Code);

        var layer = CustomLayer.Parse("assets", "wwwroot\\img\\*.png");

        Assert.Equal(["wwwroot/img/*.png"], layer.Patterns);
        Assert.True(layer.Matches("wwwroot/img/logo.png"));
        Assert.False(layer.Matches("wwwroot/css/site.css"));
    }
}
