using Buildpacks.Lifecycle.Api;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Platform;
using Buildpacks.Lifecycle.Toml;
using Buildpacks.Lifecycle.Tests.Support;
using Xunit;

namespace Buildpacks.Lifecycle.Tests.Files;

public sealed class TomlFilesTests : IDisposable
{
    private readonly LifecycleWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Buildpack_toml_tolerates_unknown_keys_and_reads_targets_and_exec_env()
    {
        var dir = _ws.AddBuildpack("test/full", api: "0.12", buildpackTableExtra: "clear-env = true\nexec-env = [\"test\"]\nfuture-key = 1", extraToml: """
            [metadata]
            anything = "goes"
            [[targets]]
            os = "linux"
            arch = "arm64"
            variant = "v8"
            [[targets.distros]]
            name = "ubuntu"
            version = "24.04"
            """);

        var descriptor = BuildpackToml.Read(dir);

        Assert.True(descriptor.ClearEnv);
        Assert.Equal(["test"], descriptor.ExecEnv);
        var target = Assert.Single(descriptor.Targets);
        Assert.Equal(("linux", "arm64", "v8"), (target.Os, target.Arch, target.ArchVariant));
        Assert.Equal("ubuntu", Assert.Single(target.Distros).Name);
    }

    [Fact]
    public void Buildpack_toml_without_targets_infers_linux_from_bin_build()
    {
        var descriptor = BuildpackToml.Read(_ws.AddBuildpack("test/inferred"));

        Assert.Equal("linux", Assert.Single(descriptor.Targets).Os);
    }

    [Fact]
    public void A_value_of_the_wrong_type_names_the_file_key_and_line()
    {
        var dir = _ws.AddBuildpack("test/typed");
        File.WriteAllText(Path.Combine(dir, "buildpack.toml"), "api = 0.10\n[buildpack]\nid = \"test/typed\"\nversion = \"1\"\n");

        var e = Assert.Throws<TomlFileException>(() => BuildpackToml.Read(dir));

        Assert.Equal(1, e.Line);
        Assert.Contains("'api' must be a string", e.Message, StringComparison.Ordinal);
        Assert.StartsWith(Path.Combine(dir, "buildpack.toml") + ":1:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Group_and_plan_round_trip()
    {
        var group = new[] { new Buildpacks.GroupElement("a/b", "1.0", Api: "0.10", Homepage: "https://x") };
        GroupToml.Write(_ws.GroupPath, group);

        Assert.Equal(group, GroupToml.Read(_ws.GroupPath));
    }

    [Theory]
    [InlineData("0.12", 0, 12)]
    [InlineData("1", 1, 0)]
    public void Api_versions_parse_major_and_minor(string text, int major, int minor)
    {
        Assert.Equal(new ApiVersion(major, minor), ApiVersion.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0.x")]
    [InlineData("1.2.3")]
    [InlineData("-1.0")]
    public void Invalid_api_versions_are_rejected(string text)
    {
        Assert.False(ApiVersion.TryParse(text, out _));
    }

    [Fact]
    public void Platform_api_outside_the_supported_range_exits_11()
    {
        Assert.Equal(11, Assert.Throws<LifecycleException>(() => PlatformApi.Resolve("0.11")).ExitCode);
        Assert.Equal(11, Assert.Throws<LifecycleException>(() => PlatformApi.Resolve("0.16")).ExitCode);
        Assert.True(PlatformApi.Resolve("0.15").SupportsExecutionEnvironment);
        Assert.False(PlatformApi.Resolve("0.14").SupportsExecutionEnvironment);
    }

    [Fact]
    public void Store_toml_round_trips_its_metadata_and_project_metadata_reads_the_source()
    {
        var store = Path.Combine(_ws.LayersDir, "test_bp", "store.toml");
        StoreToml.Write(store, new Tomlyn.Model.TomlTable { ["last-sha"] = "abc" });
        _ws.WriteFile(Path.Combine(_ws.LayersDir, "project-metadata.toml"), """
            [source]
            type = "git"
            [source.version]
            commit = "0123"
            [source.metadata]
            repository = "https://example.com/shop.git"
            """);

        Assert.Equal("abc", StoreToml.Read(store)["last-sha"]);
        Assert.Empty(StoreToml.Read(Path.Combine(_ws.LayersDir, "absent.toml")));
        var source = ProjectMetadataToml.Read(Path.Combine(_ws.LayersDir, "project-metadata.toml"));
        Assert.Equal("git", source!.Type);
        Assert.Equal("0123", source.Version["commit"]);
        Assert.Equal("https://example.com/shop.git", source.Metadata["repository"]);
    }
}
