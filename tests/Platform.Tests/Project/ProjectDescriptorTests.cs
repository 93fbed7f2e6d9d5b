using Buildpacks.Images.References;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;
using Buildpacks.Platform.Project;
using Buildpacks.TestInfrastructure;
using Xunit;

namespace Buildpacks.Platform.Tests.Project;

public sealed class ProjectDescriptorTests : IDisposable
{
    private readonly TempDirectory _dir = new("project-toml");

    public void Dispose() => _dir.Dispose();

    private ProjectDescriptor Read(string toml)
    {
        _dir.WriteFile("project.toml", toml);
        return ProjectDescriptorReader.TryReadFrom(_dir.Path)!;
    }

    private CodedException Fails(string toml)
    {
        _dir.WriteFile("project.toml", toml);
        return Assert.Throws<CodedException>(() => ProjectDescriptorReader.Read(_dir.Combine("project.toml")));
    }

    [Fact]
    public void Schema_0_2_gives_project_files_env_buildpacks_and_builder()
    {
        Directory.CreateDirectory(_dir.Combine("my-buildpack"));
        var descriptor = Read("""
            [_]
            schema-version = "0.2"
            id = "com.example.shop"
            name = "Shop"
            version = "1.4.0"
            [_.metadata]
            team = "checkout"

            [io.buildpacks]
            builder = "registry.example.com/builder:1"
            exclude = ["*.pdb", "/secrets/"]

            [[io.buildpacks.group]]
            id = "example/node"
            version = "1.0.0"
            [[io.buildpacks.group]]
            uri = "my-buildpack"
            [[io.buildpacks.group]]
            uri = "docker://registry.example.com/bp:2"

            [[io.buildpacks.build.env]]
            name = "BP_A"
            value = "one"
            [[io.buildpacks.env.build]]
            name = "BP_OLD"
            value = "deprecated form"

            [com.example.other]
            anything = true
            """);

        Assert.Equal(("0.2", "com.example.shop", "Shop", "1.4.0"), (descriptor.SchemaVersion, descriptor.Id, descriptor.Name, descriptor.Version));
        Assert.Equal("registry.example.com/builder:1", descriptor.Builder);
        Assert.Equal(["*.pdb", "/secrets/"], descriptor.Exclude);
        Assert.Empty(descriptor.Include);
        Assert.Equal(["example/node@1.0.0", _dir.Combine("my-buildpack"), "docker://registry.example.com/bp:2"], descriptor.Buildpacks);
        Assert.Equal([new("BP_OLD", "deprecated form"), new("BP_A", "one")], descriptor.Environment);
    }

    [Fact]
    public void Legacy_0_1_project_and_build_tables_are_read()
    {
        var descriptor = Read("""
            [project]
            id = "legacy"
            [build]
            include = ["*.dll"]
            [[build.buildpacks]]
            id = "example/dotnet"
            [[build.env]]
            name = "BP_X"
            [metadata]
            anything = 1
            """);

        Assert.Equal(("0.1", "legacy"), (descriptor.SchemaVersion, descriptor.Id));
        Assert.Equal(["*.dll"], descriptor.Include);
        Assert.Equal(["example/dotnet"], descriptor.Buildpacks);
        Assert.Equal([new("BP_X", "")], descriptor.Environment);
    }

    [Fact]
    public void No_file_is_no_descriptor()
    {
        Assert.Null(ProjectDescriptorReader.TryReadFrom(_dir.Path));
        Assert.Null(ProjectDescriptorReader.TryReadFrom(null));
    }

    [Fact]
    public void Malformed_toml_is_BP7003_with_file_and_line()
    {
        var error = Fails("[_]\nschema-version = \"0.2\"\n[io.buildpacks\nexclude = []\n");

        Assert.Equal("BP7003", error.Coded.Code);
        Assert.StartsWith($"{_dir.Combine("project.toml")}:3: ", error.Coded.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_key_is_BP7004_naming_the_key()
    {
        var error = Fails("[io.buildpacks]\nexclued = [\"*.pdb\"]\n");

        Assert.Equal("BP7004", error.Coded.Code);
        Assert.Contains("'io.buildpacks.exclued' is not a known key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_BP7004()
    {
        var error = Fails("[io.buildpacks]\nexclude = \"*.pdb\"\n");

        Assert.Equal("BP7004", error.Coded.Code);
        Assert.Contains("must be an array of strings", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_and_exclude_together_is_BP7001()
    {
        Assert.Equal("BP7001", Fails("[io.buildpacks]\ninclude = [\"a\"]\nexclude = [\"b\"]\n").Coded.Code);
    }

    [Fact]
    public void Unknown_schema_inline_scripts_and_group_additions_are_refused()
    {
        Assert.Equal("BP7005", Fails("[_]\nschema-version = \"9.0\"\n").Coded.Code);
        Assert.Equal("BP7007", Fails("[[io.buildpacks.group]]\nid = \"x\"\n[io.buildpacks.group.script]\ninline = \"echo\"\n").Coded.Code);
        Assert.Equal("BP7007", Fails("[[io.buildpacks.pre.group]]\nid = \"x\"\n").Coded.Code);
        Assert.Equal("BP7004", Fails("[[io.buildpacks.group]]\nversion = \"1\"\n").Coded.Code);
        Assert.Equal("BP7004", Fails("[[io.buildpacks.build.env]]\nvalue = \"no name\"\n").Coded.Code);
    }

    [Fact]
    public void ApplyTo_keeps_what_the_request_sets_and_fills_the_rest()
    {
        var descriptor = new ProjectDescriptor
        {
            FilePath = "/p/project.toml",
            SchemaVersion = "0.2",
            Exclude = ["*.pdb"],
            Buildpacks = ["example/a@1"],
            Environment = [new("BP_A", "project"), new("BP_B", "project")],
        };
        var request = Request() with { Environment = [new("BP_B", "msbuild")] };

        var merged = descriptor.ApplyTo(request);
        var kept = descriptor.ApplyTo(request with { Include = ["*.dll"], Buildpacks = ["example/b@2"] });

        Assert.Equal(["*.pdb"], merged.Exclude);
        Assert.Equal(["example/a@1"], merged.Buildpacks);
        Assert.Equal([new("BP_A", "project"), new("BP_B", "msbuild")], merged.Environment);
        Assert.Equal(["*.dll"], kept.Include);
        Assert.Empty(kept.Exclude);
        Assert.Equal(["example/b@2"], kept.Buildpacks);
    }

    private static BuildRequest Request() => new()
    {
        AppDirectory = "/app",
        Tags = [ImageReference.Parse("registry.example.com/shop:1")],
        Builder = ImageReference.Parse("registry.example.com/builder:1"),
        Destination = ImageDestination.Registry,
    };
}
