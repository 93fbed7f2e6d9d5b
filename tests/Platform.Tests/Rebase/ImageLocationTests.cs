using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Rebase;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Platform.Tests.Rebase;

public sealed class ImageLocationTests
{
    [Theory]
    [InlineData("registry.example.com/team/app:1.4", "registry.example.com/team/app:1.4")]
    [InlineData("docker://registry.example.com/team/app:1.4", "registry.example.com/team/app:1.4")]
    [InlineData("127.0.0.1:5000/app", "127.0.0.1:5000/app:latest")]
    [InlineData("app", "docker.io/library/app:latest")]
    public void A_plain_or_docker_name_is_in_a_registry_and_defaults_to_latest(string text, string expected)
    {
        var location = ImageLocation.Parse(text, "BuildpackImage");

        Assert.Equal((ImageTransport.Registry, expected, text), (location.Transport, location.Reference.ToString(), location.Text));
    }

    [Fact]
    public void A_docker_daemon_name_is_in_the_daemon()
    {
        var location = ImageLocation.Parse("docker-daemon:team/app:1.4", "BuildpackImage");

        Assert.Equal((ImageTransport.Daemon, "docker.io/team/app:1.4"), (location.Transport, location.Reference.ToString()));
    }

    [Fact]
    public void An_oci_name_without_an_index_gets_the_unnamed_repository_and_the_reference_as_tag()
    {
        using var temp = new TempDirectory("bp-location");
        var location = ImageLocation.Parse($"oci:{temp.Path}/layout:app", "BuildpackImage");

        Assert.Equal(ImageTransport.Layout, location.Transport);
        Assert.Equal(Path.Combine(temp.Path, "layout"), location.LayoutPath);
        Assert.Equal("localhost/oci-layout:app", location.Reference.ToString());
    }

    [Fact]
    public void An_oci_reference_naming_an_entry_with_a_full_name_takes_that_name()
    {
        using var temp = new TempDirectory("bp-location");
        temp.WriteFile("layout/index.json", """
            {"schemaVersion":2,"manifests":[
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:1111111111111111111111111111111111111111111111111111111111111111","size":1,
               "annotations":{"org.opencontainers.image.ref.name":"1.4","io.containerd.image.name":"registry.example.com/team/app:1.4"}},
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:2222222222222222222222222222222222222222222222222222222222222222","size":1,
               "annotations":{"org.opencontainers.image.ref.name":"other"}}]}
            """);

        Assert.Equal("registry.example.com/team/app:1.4", ImageLocation.Parse($"oci:{temp.Path}/layout:1.4", "BuildpackImage").Reference.ToString());
        Assert.Equal("localhost/oci-layout:other", ImageLocation.Parse($"oci:{temp.Path}/layout:other", "BuildpackImage").Reference.ToString());
        Assert.Equal("registry.example.com/x/y:2", ImageLocation.Parse($"oci:{temp.Path}/layout:registry.example.com/x/y:2", "BuildpackImage").Reference.ToString());
    }

    [Fact]
    public void A_bare_tag_retags_in_the_same_repository_and_a_full_name_stays_in_the_same_store()
    {
        var registry = ImageLocation.Parse("registry.example.com/team/app:1.4", "BuildpackImage");
        var daemon = ImageLocation.Parse("docker-daemon:team/app:1.4", "BuildpackImage");

        Assert.Equal("registry.example.com/team/app:1.4-patched", registry.Retagged("1.4-patched").ToString());
        Assert.Equal("registry.example.com/other/app:2", registry.Retagged("registry.example.com/other/app:2").ToString());
        Assert.Equal("docker.io/team/app:2", daemon.Retagged("docker-daemon:team/app:2").ToString());
        Assert.Equal("BP5011", Assert.Throws<CodedException>(() => registry.Retagged("docker-daemon:team/app:2")).Coded.Code);
        Assert.Equal("BP5011", Assert.Throws<CodedException>(() => registry.Retagged("bad tag")).Coded.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Team/App")]
    [InlineData("oci:")]
    [InlineData("oci:/tmp/layout:bad tag")]
    [InlineData("docker-daemon:")]
    public void A_malformed_name_is_BP5010_naming_the_property(string text)
    {
        var error = Assert.Throws<CodedException>(() => ImageLocation.Parse(text, "BuildpackRunImage"));

        Assert.Equal("BP5010", error.Coded.Code);
        Assert.StartsWith($"BuildpackRunImage '{text}'", error.Coded.Text, StringComparison.Ordinal);
    }
}
