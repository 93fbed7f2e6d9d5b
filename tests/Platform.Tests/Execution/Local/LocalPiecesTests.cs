using Buildpacks.Images.References;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;
using Buildpacks.Platform.Execution.AppFiles;
using Buildpacks.Platform.Execution.Local;
using Buildpacks.Platform.Execution.Local.Sandbox;
using Buildpacks.TestInfrastructure;
using Xunit;

namespace Buildpacks.Platform.Tests.Execution.Local;

/// <summary>The parts of Local execution that need no builder: platform dir, app copy, cache naming, scratch cleanup.</summary>
public sealed class LocalPiecesTests : IDisposable
{
    private readonly TempDirectory _temp = new("local-pieces");

    public void Dispose() => _temp.Dispose();

    private BuildRequest Request => new()
    {
        AppDirectory = _temp.Combine("app"),
        Tags = [ImageReference.Parse("registry.example.com/team/shop:1")],
        Builder = ImageReference.Parse("registry.example.com/builder:1"),
        Destination = ImageDestination.Registry,
    };

    [Fact]
    public void Platform_dir_gets_env_files_later_values_winning()
    {
        var platform = _temp.Combine("platform");

        PlatformDirectory.Write(platform, Request with { Environment = [new("BP_A", "one"), new("BP_B", ""), new("BP_A", "two")] });

        Assert.Equal("two", File.ReadAllText(Path.Combine(platform, "env", "BP_A")));
        Assert.Equal("", File.ReadAllText(Path.Combine(platform, "env", "BP_B")));
        Assert.False(Directory.Exists(Path.Combine(platform, "bindings"))); // bindings are mounted by the sandbox, never copied
    }

    [Fact]
    public void Bindings_are_mounted_where_Container_execution_mounts_them_read_only_unless_asked()
    {
        _temp.WriteFile("bindings/db/type", "postgresql");
        _temp.WriteFile("bindings/cache/type", "redis");
        _temp.WriteFile("certs/ca.pem", "pem");

        var mounts = PlatformDirectory.BindingMounts(Request with
        {
            Bindings =
            [
                new BuildBinding(_temp.Combine("bindings", "db"), "db"),
                new BuildBinding(_temp.Combine("bindings", "cache"), "bindings/cache", ReadOnly: false),
                new BuildBinding(_temp.Combine("certs"), "/etc/ssl/extra"),
            ],
        });

        Assert.Equal(
            [
                new SandboxMount(_temp.Combine("bindings", "db"), "/platform/bindings/db", false),
                new SandboxMount(_temp.Combine("bindings", "cache"), "/platform/bindings/cache", true),
                new SandboxMount(_temp.Combine("certs"), "/etc/ssl/extra", false),
            ],
            mounts);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("/")]
    public void A_binding_target_that_is_neither_a_name_nor_an_absolute_path_is_BP1015(string target)
    {
        _temp.WriteFile("bindings/db/type", "postgresql");

        var error = Assert.Throws<CodedException>(() => PlatformDirectory.BindingMounts(Request with { Bindings = [new BuildBinding(_temp.Combine("bindings", "db"), target)] }));

        Assert.Equal("BP1015", error.Coded.Code);
    }

    [Fact]
    public void A_missing_binding_source_two_bindings_at_one_path_and_a_bad_env_name_are_refused()
    {
        _temp.WriteFile("bindings/db/type", "postgresql");
        var db = _temp.Combine("bindings", "db");

        Assert.Equal("BP1015", Assert.Throws<CodedException>(() => PlatformDirectory.BindingMounts(Request with { Bindings = [new BuildBinding(_temp.Combine("nope"), "db")] })).Coded.Code);
        Assert.Equal("BP8012", Assert.Throws<CodedException>(() => PlatformDirectory.BindingMounts(Request with { Bindings = [new BuildBinding(db, "db"), new BuildBinding(db, "/platform/bindings/db")] })).Coded.Code);
        Assert.Equal("BP8011", Assert.Throws<CodedException>(() => PlatformDirectory.Write(_temp.Combine("p3"), Request with { Environment = [new("A/B", "x")] })).Coded.Code);
    }

    [Fact]
    public async Task App_copy_keeps_modes_and_links_and_leaves_excluded_files_out()
    {
        _temp.WriteFile("app/App", "#!/bin/sh");
        File.SetUnixFileMode(_temp.Combine("app", "App"), (UnixFileMode)0b111_101_101);
        _temp.WriteFile("app/App.pdb", "symbols");
        File.CreateSymbolicLink(_temp.Combine("app", "current"), "App");
        var destination = _temp.Combine("copy");

        var copied = await AppDirectoryCopy.CopyAsync(_temp.Combine("app"), destination, AppFileSelection.Create([], ["*.pdb"]), CancellationToken.None);

        Assert.Equal(2, copied);
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Combine(destination, "App")) & (UnixFileMode)0b111_111_111);
        Assert.Equal("App", new FileInfo(Path.Combine(destination, "current")).LinkTarget);
        Assert.False(File.Exists(Path.Combine(destination, "App.pdb")));
    }

    [Fact]
    public void Default_cache_dir_is_per_repository_salted_and_stable_on_one_machine()
    {
        var root = _temp.Combine("cache");
        var shop1 = LocalBuildCache.DefaultDirectory(root, ImageReference.Parse("registry.example.com/team/shop:1"));
        var shop2 = LocalBuildCache.DefaultDirectory(root, ImageReference.Parse("registry.example.com/team/shop:2"));
        var other = LocalBuildCache.DefaultDirectory(root, ImageReference.Parse("registry.example.com/team/other:1"));
        var elsewhere = LocalBuildCache.DefaultDirectory(_temp.Combine("other-machine"), ImageReference.Parse("registry.example.com/team/shop:1"));

        Assert.Equal(shop1, shop2);
        Assert.NotEqual(shop1, other);
        Assert.NotEqual(Path.GetFileName(shop1), Path.GetFileName(elsewhere)); // another salt
        Assert.StartsWith("registry.example.com_team_shop-", Path.GetFileName(shop1), StringComparison.Ordinal);
        Assert.Equal(32, File.ReadAllText(Path.Combine(root, ".salt")).Length);
    }

    [Fact]
    public void Scratch_dir_is_removed_with_read_only_dirs_inside_but_not_what_links_point_to()
    {
        _temp.WriteFile("outside/keep.txt", "keep");
        string path;
        using (var scratch = new ScratchDirectory("bp-local", _temp.Path))
        {
            path = scratch.Path;
            var locked = scratch.Create("locked");
            File.WriteAllText(Path.Combine(locked, "file"), "x");
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            Directory.CreateSymbolicLink(Path.Combine(scratch.Path, "link"), _temp.Combine("outside"));
        }

        Assert.False(Directory.Exists(path));
        Assert.Equal("keep", File.ReadAllText(_temp.Combine("outside", "keep.txt")));
    }
}
