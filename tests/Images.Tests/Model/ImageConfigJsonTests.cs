using System.Text;
using Buildpacks.Images.Json;
using Buildpacks.Images.Model;
using Buildpacks.Images.Stores;

namespace Buildpacks.Images.Tests.Model;

public sealed class ImageConfigJsonTests
{
    private const string ForeignConfig = """
        {"architecture":"amd64","os":"linux","created":"2024-05-01T10:11:12.123456789Z",
         "config":{"Env":["PATH=/usr/bin","A=b=c"],"Cmd":["sh"],"Labels":{"z":"1","a":"2"},"ExposedPorts":{"8080/tcp":{}},
                   "Healthcheck":{"Test":["CMD","true"]},"ArgsEscaped":true},
         "rootfs":{"type":"layers","diff_ids":["sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"]},
         "history":[{"created_by":"x"},{"created_by":"ENV A","empty_layer":true}],
         "docker_version":"20.10"}
        """;

    [Fact]
    public void Fields_the_model_does_not_name_survive_a_rewrite()
    {
        var config = ImageJson.ParseConfig(Encoding.UTF8.GetBytes(ForeignConfig), "test");

        var rewritten = Encoding.UTF8.GetString(ImageJson.Serialize(config));

        Assert.Contains("\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"]}", rewritten, StringComparison.Ordinal);
        Assert.Contains("\"ArgsEscaped\":true", rewritten, StringComparison.Ordinal);
        Assert.Contains("\"docker_version\":\"20.10\"", rewritten, StringComparison.Ordinal);
        Assert.Contains("\"empty_layer\":true", rewritten, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_are_written_sorted_so_the_digest_does_not_depend_on_insertion_order()
    {
        var one = new ImageConfig { Config = new ContainerConfig { Labels = new Dictionary<string, string> { ["b"] = "1", ["a"] = "2" } } };
        var two = new ImageConfig { Config = new ContainerConfig { Labels = new Dictionary<string, string> { ["a"] = "2", ["b"] = "1" } } };

        Assert.Equal(ImageJson.Serialize(one), ImageJson.Serialize(two));
        Assert.Contains("\"Labels\":{\"a\":\"2\",\"b\":\"1\"}", Encoding.UTF8.GetString(ImageJson.Serialize(one)), StringComparison.Ordinal);
    }

    [Fact]
    public void Times_are_written_in_go_rfc3339_utc_form()
    {
        var config = new ImageConfig { Created = new DateTimeOffset(1980, 1, 1, 0, 0, 1, TimeSpan.Zero) };

        Assert.Contains("\"created\":\"1980-01-01T00:00:01Z\"", Encoding.UTF8.GetString(ImageJson.Serialize(config)), StringComparison.Ordinal);
    }

    [Fact]
    public void Nanosecond_times_from_go_tools_are_read()
    {
        var config = ImageJson.ParseConfig(Encoding.UTF8.GetBytes(ForeignConfig), "test");

        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 11, 12, TimeSpan.Zero).AddTicks(1234567), config.Created);
    }

    [Fact]
    public void Env_lookup_takes_the_value_after_the_first_equals_sign()
    {
        var config = ImageJson.ParseConfig(Encoding.UTF8.GetBytes(ForeignConfig), "test");

        Assert.Equal("b=c", config.Config.GetEnv("A"));
        Assert.Null(config.Config.GetEnv("MISSING"));
    }

    [Fact]
    public void Composing_the_same_request_twice_gives_the_same_digests()
    {
        var layer = new LayerToWrite(
            new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Compute("gz"u8), Size = 2 },
            Digest.Compute("tar"u8),
            new FileLayerContent("/nonexistent"));
        var request = new ImageWriteRequest
        {
            Tags = [Images.References.ImageReference.Parse("localhost/app:1")],
            Config = new ImageConfig { Config = new ContainerConfig { Env = ["A=1"] } },
            Layers = [layer],
        };

        var first = ImageComposer.Compose(request);
        var second = ImageComposer.Compose(request);

        Assert.Equal(first.ManifestDescriptor.Digest, second.ManifestDescriptor.Digest);
        Assert.Equal([layer.DiffId], first.Config.RootFs.DiffIds);
        Assert.Equal(MediaTypes.OciConfig, first.Manifest.Config.MediaType);
    }

    [Fact]
    public void A_docker_manifest_gets_a_docker_config_media_type()
    {
        var request = new ImageWriteRequest
        {
            Tags = [Images.References.ImageReference.Parse("localhost/app:1")],
            Config = new ImageConfig(),
            Layers = [],
            ManifestMediaType = MediaTypes.DockerManifest,
        };

        var composed = ImageComposer.Compose(request);

        Assert.Equal(MediaTypes.DockerConfig, composed.Manifest.Config.MediaType);
        Assert.Contains("\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\"", Encoding.UTF8.GetString(composed.ManifestBytes), StringComparison.Ordinal);
    }
}
