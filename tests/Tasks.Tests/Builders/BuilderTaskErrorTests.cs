using Buildpacks.MSBuild.Tasks.Builders;
using Buildpacks.TestInfrastructure.Buildpacks;

namespace Buildpacks.MSBuild.Tasks.Tests.Builders;

/// <summary>Every BP6xxx error of the builder and package tasks, each naming what is at fault; nothing left behind.</summary>
public sealed class BuilderTaskErrorTests(BuilderWorkspace workspace) : IClassFixture<BuilderWorkspace>
{
    private string UniverseEntries => $"""
        [[buildpacks]]
        uri = "{workspace.UniverseDirectory}"

        [[buildpacks]]
        uri = "{Path.Combine(workspace.BuildpacksDirectory, "hello-world")}"

        [[buildpacks]]
        uri = "{Path.Combine(workspace.BuildpacksDirectory, "hello-moon")}"
        """;

    [Fact]
    public void BP6001_when_the_toml_property_is_not_set()
    {
        var error = TaskRun.Fails(new CreateBuildpackBuilder { ProjectDirectory = workspace.Temp.Path, BuildpackBuilderImage = "example.test/b:1" });
        Assert.Equal("BP6001", error.Code);
        Assert.Contains("BuildpackBuilderConfig", error.Message, StringComparison.Ordinal);

        var package = TaskRun.Fails(new PackageBuildpack { ProjectDirectory = workspace.Temp.Path, BuildpackPackageOutput = "x.cnb" });
        Assert.Equal("BP6001", package.Code);
        Assert.Contains("BuildpackPackageConfig", package.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BP6002_when_the_toml_file_does_not_exist_names_its_full_path()
    {
        var error = TaskRun.Fails(new CreateBuildpackBuilder { ProjectDirectory = workspace.Temp.Path, BuildpackBuilderConfig = "nope/builder.toml", BuildpackBuilderImage = "example.test/b:1" });
        Assert.Equal("BP6002", error.Code);
        Assert.Contains(Path.Combine(workspace.Temp.Path, "nope", "builder.toml"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BP6003_for_malformed_toml_names_the_file_and_line()
    {
        var directory = workspace.NewDirectory("malformed");
        File.WriteAllText(Path.Combine(directory, "builder.toml"), "description = \"x\"\n\n[build\nimage = \"y\"\n");
        var error = Fails(directory, "builder.toml");
        Assert.Equal("BP6003", error.Code);
        Assert.Contains($"{Path.Combine(directory, "builder.toml")}:3:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BP6003_for_an_unknown_key_names_the_file_line_and_key()
    {
        var toml = workspace.WriteBuilderToml(UniverseEntries, extra: "\n[[targets]]\nos = \"linux\"\narch = \"amd64\"\nflavour = \"x\"\n");
        var error = Fails(Path.GetDirectoryName(toml)!, "builder.toml");
        Assert.Equal("BP6003", error.Code);
        var line = File.ReadAllLines(toml).ToList().FindIndex(l => l.StartsWith("flavour", StringComparison.Ordinal)) + 1;
        Assert.Contains($"builder.toml:{line}: 'targets[0].flavour'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BP6004_and_BP6021_for_the_builder_image_name()
    {
        var toml = workspace.WriteBuilderToml(UniverseEntries);
        var invalid = TaskRun.Fails(new CreateBuildpackBuilder { ProjectDirectory = Path.GetDirectoryName(toml)!, BuildpackBuilderConfig = "builder.toml", BuildpackBuilderImage = "Not Valid" });
        Assert.Equal("BP6004", invalid.Code);
        Assert.Contains("BuildpackBuilderImage 'Not Valid'", invalid.Message, StringComparison.Ordinal);

        var missing = TaskRun.Fails(new CreateBuildpackBuilder { ProjectDirectory = Path.GetDirectoryName(toml)!, BuildpackBuilderConfig = "builder.toml" });
        Assert.Equal("BP6021", missing.Code);
    }

    [Fact]
    public void BP6005_BP6006_BP6018_BP6019_BP6020_for_the_package_output()
    {
        PackageBuildpack Package(string? output, string? format = null, bool publish = false) => new()
        {
            ProjectDirectory = workspace.UniverseDirectory,
            BuildpackPackageConfig = "package.toml",
            BuildpackPackageOutput = output,
            BuildpackPackageFormat = format,
            BuildpackPublish = publish,
        };

        Assert.Equal("BP6005", TaskRun.Fails(Package("Bad Name")).Code);
        Assert.Equal("BP6006", TaskRun.Fails(Package("example.test/p:1", format: "tarball")).Code);
        Assert.Equal("BP6018", TaskRun.Fails(Package("out/package.tgz", format: "file")).Code);
        Assert.Equal("BP6019", TaskRun.Fails(Package("out/package.cnb", publish: true)).Code);
        Assert.Equal("BP6020", TaskRun.Fails(Package(" ")).Code);
        Assert.False(Directory.Exists(Path.Combine(workspace.UniverseDirectory, "out")));
    }

    [Fact]
    public void BP1010_for_an_unknown_pull_policy_and_BP1007_for_two_destinations()
    {
        var toml = workspace.WriteBuilderToml(UniverseEntries);
        var policy = TaskRun.Fails(new CreateBuildpackBuilder
        {
            ProjectDirectory = Path.GetDirectoryName(toml)!, BuildpackBuilderConfig = "builder.toml", BuildpackBuilderImage = "example.test/b:1",
            BuildpackLayoutOutputPath = "layout", BuildpackPullPolicy = "sometimes",
        });
        Assert.Equal("BP1010", policy.Code);
        Assert.Contains("'sometimes'", policy.Message, StringComparison.Ordinal);

        var two = TaskRun.Fails(new CreateBuildpackBuilder
        {
            ProjectDirectory = Path.GetDirectoryName(toml)!, BuildpackBuilderConfig = "builder.toml", BuildpackBuilderImage = "example.test/b:1",
            BuildpackLayoutOutputPath = "layout", BuildpackArchiveOutputPath = "b.tar",
        });
        Assert.Equal("BP1007", two.Code);
    }

    [Fact]
    public void BP6008_when_BuildpackPlatform_is_not_a_declared_target()
    {
        var toml = workspace.WriteBuilderToml(UniverseEntries, lifecycle: $"[lifecycle]\nuri = \"{workspace.LifecycleDirectory}\"", extra: "\n[[targets]]\nos = \"linux\"\narch = \"amd64\"\n");
        var error = Fails(Path.GetDirectoryName(toml)!, "builder.toml", platform: "linux/arm64");
        Assert.Equal("BP6008", error.Code);
        Assert.Contains("'linux/arm64'", error.Message, StringComparison.Ordinal);
        Assert.Contains("linux/amd64", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(toml)!, "layout")));
    }

    [Fact]
    public void BP6009_when_a_buildpack_directory_is_missing_names_the_file_and_line()
    {
        var toml = workspace.WriteBuilderToml($"""
            [[buildpacks]]
            uri = "{workspace.UniverseDirectory}"

            [[buildpacks]]
            uri = "./not-here"
            """);
        var error = Fails(Path.GetDirectoryName(toml)!, "builder.toml");
        Assert.Equal("BP6009", error.Code);
        var line = File.ReadAllLines(toml).ToList().FindIndex(l => l.Contains("not-here", StringComparison.Ordinal)) + 1;
        Assert.Contains($"builder.toml:{line}: 'buildpacks[1].uri'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BP6009_when_a_buildpack_image_is_not_in_the_registry_names_the_image_and_line()
    {
        var missing = $"{workspace.Registry.Address}/fixtures/not-packaged:1";
        var toml = workspace.WriteBuilderToml($"""
            [[buildpacks]]
            uri = "{workspace.UniverseDirectory}"

            [[buildpacks]]
            image = "{missing}"
            """);
        var error = Fails(Path.GetDirectoryName(toml)!, "builder.toml");
        Assert.Equal("BP6009", error.Code);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Matches(@"builder\.toml:\d+: 'buildpacks\[1\]'", error.Message);
    }

    [Fact]
    public void BP6009_when_a_package_dependency_directory_is_missing()
    {
        var directory = workspace.NewDirectory("package-missing");
        File.WriteAllText(Path.Combine(directory, "package.toml"), $"[buildpack]\nuri = \"{workspace.UniverseDirectory}\"\n\n[[dependencies]]\nuri = \"../gone\"\n");
        var error = TaskRun.Fails(new PackageBuildpack { ProjectDirectory = directory, BuildpackPackageConfig = "package.toml", BuildpackPackageOutput = "p.cnb" });
        Assert.Equal("BP6009", error.Code);
        Assert.Contains("package.toml:5: 'dependencies[0].uri'", error.Message, StringComparison.Ordinal);
        Assert.Equal(["package.toml"], Directory.GetFileSystemEntries(directory).Select(Path.GetFileName));
    }

    [Fact]
    public void BP6010_when_a_composite_lacks_a_component()
    {
        var toml = workspace.WriteBuilderToml($"""
            [[buildpacks]]
            uri = "{workspace.UniverseDirectory}"

            [[buildpacks]]
            uri = "{Path.Combine(workspace.BuildpacksDirectory, "hello-world")}"
            """);
        var error = Fails(Path.GetDirectoryName(toml)!, "builder.toml");
        Assert.Equal("BP6010", error.Code);
        Assert.Contains(HelloBuildpacks.MoonId, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(toml)!, "layout")));
    }

    [Fact]
    public void BP6011_when_no_lifecycle_is_given()
    {
        var toml = workspace.WriteBuilderToml(UniverseEntries);
        var error = Fails(Path.GetDirectoryName(toml)!, "builder.toml", lifecycle: "");
        Assert.Equal("BP6011", error.Code);
        Assert.Contains("BuildpackLifecycleDirectory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BP6012_when_the_lifecycle_directory_lacks_the_binaries_or_the_uri_does_not_exist()
    {
        var empty = workspace.NewDirectory("empty-lifecycle");
        var toml = workspace.WriteBuilderToml(UniverseEntries);
        var error = Fails(Path.GetDirectoryName(toml)!, "builder.toml", lifecycle: empty);
        Assert.Equal("BP6012", error.Code);
        Assert.Contains(empty, error.Message, StringComparison.Ordinal);
        Assert.Contains("launcher", error.Message, StringComparison.Ordinal);

        var uri = workspace.WriteBuilderToml(UniverseEntries, lifecycle: "[lifecycle]\nuri = \"./no-lifecycle\"");
        var fromToml = Fails(Path.GetDirectoryName(uri)!, "builder.toml");
        Assert.Equal("BP6012", fromToml.Code);
        Assert.Contains("'lifecycle.uri'", fromToml.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BP6013_when_the_build_image_is_not_in_the_registry_and_BP6014_when_it_has_no_build_user()
    {
        var missing = workspace.WriteBuilderToml(UniverseEntries, buildImage: $"{workspace.Registry.Address}/fixtures/no-such-build:1");
        var notFound = Fails(Path.GetDirectoryName(missing)!, "builder.toml");
        Assert.Equal("BP6013", notFound.Code);
        Assert.Contains("no-such-build:1", notFound.Message, StringComparison.Ordinal);

        var noUser = workspace.WriteBuilderToml(UniverseEntries, buildImage: workspace.BuildImageWithoutUser);
        var invalid = Fails(Path.GetDirectoryName(noUser)!, "builder.toml");
        Assert.Equal("BP6014", invalid.Code);
        Assert.Contains("CNB_USER_ID", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BP6013_with_pull_policy_Never_and_a_layout_that_lacks_the_build_image()
    {
        var toml = workspace.WriteBuilderToml(UniverseEntries);
        var directory = Path.GetDirectoryName(toml)!;
        var error = TaskRun.Fails(new CreateBuildpackBuilder
        {
            ProjectDirectory = directory, BuildpackBuilderConfig = "builder.toml", BuildpackBuilderImage = "example.test/b:1",
            BuildpackLayoutOutputPath = "layout", BuildpackLifecycleDirectory = workspace.LifecycleDirectory, BuildpackPullPolicy = "Never",
        });
        Assert.Equal("BP6013", error.Code);
        Assert.Contains($"OCI layout {Path.Combine(directory, "layout")}", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(directory, "layout")));
    }

    [Fact]
    public void BP6015_when_the_daemon_does_not_answer()
    {
        var toml = workspace.WriteBuilderToml(UniverseEntries);
        var error = TaskRun.Fails(new CreateBuildpackBuilder
        {
            ProjectDirectory = Path.GetDirectoryName(toml)!, BuildpackBuilderConfig = "builder.toml", BuildpackBuilderImage = "example.test/b:1",
            BuildpackLifecycleDirectory = workspace.LifecycleDirectory, BuildpackPullPolicy = "Always",
            BuildpackDockerHost = "unix://" + Path.Combine(workspace.Temp.Path, "no-daemon.sock"),
        });
        Assert.Equal("BP6015", error.Code);
        Assert.Contains("no-daemon.sock", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BP6016_and_BP6017_when_a_package_image_has_a_label_that_is_not_JSON()
    {
        var broken = $"{workspace.Registry.Address}/fixtures/broken-package:1";
        using (var registry = BuilderWorkspace.RegistryStore())
        {
            await registry.WriteImageAsync(
                new Images.Stores.ImageWriteRequest
                {
                    Tags = [Images.References.ImageReference.Parse(broken)],
                    Config = new Images.Model.ImageConfig
                    {
                        Config = new Images.Model.ContainerConfig
                        {
                            Labels = new Dictionary<string, string>
                            {
                                ["io.buildpacks.buildpackage.metadata"] = $"{{\"id\":\"{HelloBuildpacks.MoonId}\",\"version\":\"{HelloBuildpacks.Version}\"}}",
                                ["io.buildpacks.buildpack.layers"] = "{not json",
                            },
                        },
                    },
                    Layers = [],
                },
                CancellationToken.None);
        }

        var toml = workspace.WriteBuilderToml($"[[buildpacks]]\nimage = \"{broken}\"");
        var builder = Fails(Path.GetDirectoryName(toml)!, "builder.toml");
        Assert.Equal("BP6016", builder.Code);
        Assert.Contains("io.buildpacks.buildpack.layers", builder.Message, StringComparison.Ordinal);

        var directory = workspace.NewDirectory("broken-dependency");
        File.WriteAllText(Path.Combine(directory, "package.toml"), $"[buildpack]\nuri = \"{workspace.UniverseDirectory}\"\n\n[[dependencies]]\nimage = \"{broken}\"\n");
        var package = TaskRun.Fails(new PackageBuildpack { ProjectDirectory = directory, BuildpackPackageConfig = "package.toml", BuildpackPackageOutput = "p.cnb" });
        Assert.Equal("BP6017", package.Code);
        Assert.Equal(["package.toml"], Directory.GetFileSystemEntries(directory).Select(Path.GetFileName));
    }

    [Fact]
    public void BP1008_for_a_platform_that_does_not_parse()
    {
        var toml = workspace.WriteBuilderToml(UniverseEntries);
        Assert.Equal("BP1008", Fails(Path.GetDirectoryName(toml)!, "builder.toml", platform: "amd64").Code);
    }

    /// <summary>Runs CreateBuildpackBuilder to a fresh layout beside the toml, with the workspace's lifecycle unless given.</summary>
    private Microsoft.Build.Framework.BuildErrorEventArgs Fails(string directory, string toml, string? platform = null, string? lifecycle = null) =>
        TaskRun.Fails(new CreateBuildpackBuilder
        {
            ProjectDirectory = directory,
            BuildpackBuilderConfig = toml,
            BuildpackBuilderImage = "example.test/fixtures/builder:error",
            BuildpackLayoutOutputPath = "layout",
            BuildpackLifecycleDirectory = lifecycle ?? workspace.LifecycleDirectory,
            BuildpackPlatform = platform,
        });
}
