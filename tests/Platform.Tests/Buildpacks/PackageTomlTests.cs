using Buildpacks.Platform.Buildpacks;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Platform.Tests.Buildpacks;

public sealed class PackageTomlTests : IDisposable
{
    private readonly TempDirectory _temp = new("bp-package-toml");

    public PackageTomlTests()
    {
        Directory.CreateDirectory(_temp.Combine("bp"));
        Directory.CreateDirectory(_temp.Combine("dep"));
        File.WriteAllText(_temp.Combine("dep.cnb"), "");
    }

    [Fact]
    public void ReadsTheBuildpackItsDependenciesAndThePlatform()
    {
        var path = _temp.WriteFile("package.toml", """
            [buildpack]
            uri = "bp"

            [[dependencies]]
            uri = "dep"

            [[dependencies]]
            uri = "dep.cnb"

            [[dependencies]]
            image = "registry.example/bp/dep:1"

            [platform]
            os = "linux"

            [[targets]]
            os = "linux"
            arch = "arm64"
            """);

        var config = PackageToml.Read(path);

        Assert.Equal(_temp.Combine("bp"), config.Buildpack.Path);
        Assert.Equal(
            [BuildpackLocationKind.Directory, BuildpackLocationKind.PackageFile, BuildpackLocationKind.Image],
            config.Dependencies.Select(d => d.Kind));
        Assert.Equal("registry.example/bp/dep:1", config.Dependencies[2].Image!.ToString());
        Assert.Equal("linux", config.Os);
        Assert.Equal("arm64", Assert.Single(config.Targets).Arch);
    }

    [Fact]
    public void ADependencyWithBothUriAndImageIsRejected()
    {
        var path = _temp.WriteFile("package.toml", """
            [buildpack]
            uri = "bp"

            [[dependencies]]
            uri = "dep"
            image = "registry.example/bp/dep:1"
            """);

        var error = Assert.Throws<ConfigFileException>(() => PackageToml.Read(path));

        Assert.Equal("dependencies[0].uri", error.Key);
    }

    [Fact]
    public void AnOsOtherThanLinuxOrWindowsIsRejected()
    {
        var path = _temp.WriteFile("package.toml", "[buildpack]\nuri = \"bp\"\n[platform]\nos = \"plan9\"\n");

        var error = Assert.Throws<ConfigFileException>(() => PackageToml.Read(path));

        Assert.Equal("platform.os", error.Key);
    }

    [Fact]
    public void TheBuildpackMustBeADirectoryOrTarballNotAnImage()
    {
        var path = _temp.WriteFile("package.toml", "[buildpack]\nuri = \"docker://registry.example/bp:1\"\n");

        var error = Assert.Throws<ConfigFileException>(() => PackageToml.Read(path));

        Assert.Equal("buildpack.uri", error.Key);
    }

    public void Dispose() => _temp.Dispose();
}
