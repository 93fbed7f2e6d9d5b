using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Buildpacks;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Platform.Tests.Builders;

public sealed class BuilderTomlTests : IDisposable
{
    private readonly TempDirectory _temp = new("bp-builder-toml");

    public BuilderTomlTests()
    {
        Directory.CreateDirectory(_temp.Combine("bps", "one"));
        Directory.CreateDirectory(_temp.Combine("lifecycle"));
        File.WriteAllText(_temp.Combine("bps", "two.tgz"), "not read while parsing");
        File.WriteAllText(_temp.Combine("bps", "three.cnb"), "not read while parsing");
    }

    [Fact]
    public void ReadsEveryKeyOfPacksFormat()
    {
        var path = _temp.WriteFile("builder.toml", """
            description = "All the keys"

            [[buildpacks]]
            id = "example/one"
            version = "1.0.0"
            uri = "bps/one"

            [[buildpacks]]
            uri = "bps/two.tgz"

            [[buildpacks]]
            uri = "bps/three.cnb"

            [[buildpacks]]
            uri = "docker://registry.example/bp/four:2"

            [[buildpacks]]
            image = "registry.example/bp/five:3"

            [[buildpacks]]
            uri = "registry.example/bp/six:4"

            [[order]]
            [[order.group]]
            id = "example/one"
            version = "1.0.0"
            [[order.group]]
            id = "example/two"
            optional = true

            [[order]]
            [[order.group]]
            id = "example/three"

            [build]
            image = "registry.example/build:1"

            [[build.env]]
            name = "BP_A"
            value = "a"

            [[build.env]]
            name = "PATH"
            value = "/x"
            suffix = "append"
            delim = ":"

            [[run.images]]
            image = "registry.example/run:1"
            mirrors = ["mirror.example/run:1", "other.example/run:1"]

            [[run.images]]
            image = "registry.example/run-alt:1"

            [lifecycle]
            version = "0.21.0"
            uri = "lifecycle"

            [[targets]]
            os = "linux"
            arch = "arm64"
            variant = "v8"
            [[targets.distributions]]
            name = "ubuntu"
            version = "24.04"
            """);

        var config = BuilderToml.Read(path);

        Assert.Equal(path, config.FilePath);
        Assert.Equal("All the keys", config.Description);
        Assert.Equal(
            [BuildpackLocationKind.Directory, BuildpackLocationKind.Archive, BuildpackLocationKind.PackageFile, BuildpackLocationKind.Image, BuildpackLocationKind.Image, BuildpackLocationKind.Image],
            config.Buildpacks.Select(b => b.Location.Kind));
        Assert.Equal(("example/one", "1.0.0"), (config.Buildpacks[0].Id, config.Buildpacks[0].Version));
        Assert.Equal("registry.example/bp/four:2", config.Buildpacks[3].Location.Image!.ToString());
        Assert.Equal("registry.example/bp/five:3", config.Buildpacks[4].Location.Image!.ToString());
        Assert.Equal("registry.example/bp/six:4", config.Buildpacks[5].Location.Image!.ToString());
        Assert.Equal(
            new Order([
                new OrderGroup([new GroupElement("example/one", "1.0.0"), new GroupElement("example/two", "", Optional: true)]),
                new OrderGroup([new GroupElement("example/three", "")]),
            ]).Groups.SelectMany(g => g.Elements),
            config.Order.Groups.SelectMany(g => g.Elements));
        Assert.Equal([2, 1], config.Order.Groups.Select(g => g.Elements.Count));
        Assert.Equal("registry.example/build:1", config.BuildImage);
        Assert.Equal([new BuildConfigEnv("BP_A", "a"), new BuildConfigEnv("PATH", "/x", "append", ":")], config.BuildEnv);
        Assert.Equal([new RunImage("registry.example/run:1", ["mirror.example/run:1", "other.example/run:1"]), new RunImage("registry.example/run-alt:1", [])], config.RunImages);
        Assert.Equal(new LifecycleConfig("0.21.0", _temp.Combine("lifecycle")), config.Lifecycle);
        var target = Assert.Single(config.Targets);
        Assert.Equal(("linux", "arm64", "v8"), (target.Os, target.Arch, target.ArchVariant));
        Assert.Equal(new OsDistro("ubuntu", "24.04"), Assert.Single(target.Distros));
    }

    [Fact]
    public void RelativeUrisAreResolvedAgainstTheTomlsDirectoryNotTheWorkingDirectory()
    {
        var path = _temp.WriteFile("nested/builder.toml", """
            [[buildpacks]]
            uri = "../bps/one"

            [build]
            image = "b:1"

            [[run.images]]
            image = "r:1"
            """);
        var cwd = Environment.CurrentDirectory;

        var config = BuilderToml.Read(path);

        Assert.Equal(cwd, Environment.CurrentDirectory);
        Assert.Equal(_temp.Combine("bps", "one"), config.Buildpacks[0].Location.Path);
    }

    [Fact]
    public void TheDeprecatedStackTableGivesTheBuildAndRunImages()
    {
        var path = _temp.WriteFile("builder.toml", """
            [stack]
            id = "io.buildpacks.samples.stacks.noble"
            build-image = "example/build:noble"
            run-image = "example/run:noble"
            run-image-mirrors = ["mirror/run:noble"]
            """);

        var config = BuilderToml.Read(path);

        Assert.Equal("example/build:noble", config.BuildImage);
        Assert.Equal([new RunImage("example/run:noble", ["mirror/run:noble"])], config.RunImages);
        Assert.Equal("io.buildpacks.samples.stacks.noble", config.StackId);
    }

    [Fact]
    public void AnUnknownKeyIsRejectedNamingTheFileAndTheKey()
    {
        var path = _temp.WriteFile("builder.toml", """
            [build]
            image = "b:1"
            imgae = "typo"

            [[run.images]]
            image = "r:1"
            """);

        var error = Assert.Throws<ConfigFileException>(() => BuilderToml.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal("build.imgae", error.Key);
        Assert.Contains(path, error.Message);
        Assert.Contains("'build.imgae'", error.Message);
        Assert.Contains("image, env", error.Message);
    }

    [Fact]
    public void AMissingBuildImageIsRejectedSayingWhatToSet()
    {
        var path = _temp.WriteFile("builder.toml", """
            [[run.images]]
            image = "r:1"
            """);

        var error = Assert.Throws<ConfigFileException>(() => BuilderToml.Read(path));

        Assert.Equal("build.image", error.Key);
        Assert.Contains("set [build] image", error.Message);
    }

    [Fact]
    public void MissingRunImagesAreRejected()
    {
        var path = _temp.WriteFile("builder.toml", "[build]\nimage = \"b:1\"\n");

        var error = Assert.Throws<ConfigFileException>(() => BuilderToml.Read(path));

        Assert.Equal("run.images", error.Key);
    }

    [Fact]
    public void ABuildpackUriThatDoesNotExistNamesItsKeyAndTheResolvedPath()
    {
        var path = _temp.WriteFile("builder.toml", """
            [[buildpacks]]
            uri = "bps/one"

            [[buildpacks]]
            uri = "./bps/missing"

            [build]
            image = "b:1"

            [[run.images]]
            image = "r:1"
            """);

        var error = Assert.Throws<ConfigFileException>(() => BuilderToml.Read(path));

        Assert.Equal("buildpacks[1].uri", error.Key);
        Assert.Contains(_temp.Combine("bps", "missing"), error.Message);
    }

    [Fact]
    public void AppendWithoutADelimiterIsRejected()
    {
        var path = _temp.WriteFile("builder.toml", """
            [build]
            image = "b:1"
            [[build.env]]
            name = "PATH"
            value = "/x"
            suffix = "append"

            [[run.images]]
            image = "r:1"
            """);

        var error = Assert.Throws<ConfigFileException>(() => BuilderToml.Read(path));

        Assert.Equal("build.env[0].delim", error.Key);
    }

    [Fact]
    public void AValueOfTheWrongTypeNamesTheKeyAndTheTypeExpected()
    {
        var path = _temp.WriteFile("builder.toml", """
            [build]
            image = "b:1"

            [[run.images]]
            image = "r:1"
            mirrors = "not-an-array"
            """);

        var error = Assert.Throws<ConfigFileException>(() => BuilderToml.Read(path));

        Assert.Equal("run.images[0].mirrors", error.Key);
        Assert.Contains("an array of strings", error.Message);
    }

    [Fact]
    public void InvalidTomlIsRejectedWithItsLine()
    {
        var path = _temp.WriteFile("builder.toml", "description = \"ok\"\n[build\nimage = 1\n");

        var error = Assert.Throws<ConfigFileException>(() => BuilderToml.Read(path));

        Assert.Equal(2, error.Line);
        Assert.StartsWith($"{path}:2:", error.Message);
    }

    [Fact]
    public void ImageExtensionsAreRejectedAsNotSupported()
    {
        var path = _temp.WriteFile("builder.toml", """
            [[extensions]]
            uri = "bps/one"

            [build]
            image = "b:1"

            [[run.images]]
            image = "r:1"
            """);

        var error = Assert.Throws<ConfigFileException>(() => BuilderToml.Read(path));

        Assert.Equal("extensions", error.Key);
        Assert.Contains("not supported", error.Message);
    }

    [Fact]
    public void AMissingFileIsRejectedNamingIt()
    {
        var error = Assert.Throws<ConfigFileException>(() => BuilderToml.Read(_temp.Combine("nope.toml")));

        Assert.Equal(_temp.Combine("nope.toml"), error.FilePath);
        Assert.Contains("does not exist", error.Message);
    }

    public void Dispose() => _temp.Dispose();
}
