using Buildpacks.Images.Model;
using Buildpacks.Lifecycle.Export;

namespace Buildpacks.Lifecycle.Tests.Export;

/// <summary>What a platform sets on an app image's config besides the lifecycle: labels over, ports added, variables set.</summary>
public sealed class AppImageConfigTests
{
    [Fact]
    public void Platform_settings_add_ports_set_variables_and_labels_over_the_image_s_own()
    {
        var config = new ContainerConfig
        {
            Env = ["PATH=/cnb/process:/usr/bin", "CNB_APP_DIR=/workspace", "PORT=8080"],
            ExposedPorts = ["8080/tcp"],
            Labels = new Dictionary<string, string> { ["io.buildpacks.lifecycle.metadata"] = "{}", ["org.opencontainers.image.title"] = "run image" },
        };

        var changed = AppImageConfig.WithPlatformSettings(
            config,
            [new("org.opencontainers.image.title", "Shop"), new("org.opencontainers.image.version", "1.0")],
            ["8080/tcp", "5353/udp"],
            [new("PORT", "5000"), new("ASPNETCORE_ENVIRONMENT", "Staging")]);

        Assert.Equal(["8080/tcp", "5353/udp"], changed.ExposedPorts);
        Assert.Equal(["PATH=/cnb/process:/usr/bin", "CNB_APP_DIR=/workspace", "PORT=5000", "ASPNETCORE_ENVIRONMENT=Staging"], changed.Env);
        Assert.Equal("Shop", changed.Labels!["org.opencontainers.image.title"]);
        Assert.Equal("1.0", changed.Labels["org.opencontainers.image.version"]);
        Assert.Equal("{}", changed.Labels["io.buildpacks.lifecycle.metadata"]);
    }

    [Fact]
    public void Nothing_to_add_leaves_the_ports_as_they_are()
    {
        var changed = AppImageConfig.WithPlatformSettings(new ContainerConfig(), [], [], []);

        Assert.Null(changed.ExposedPorts);
        Assert.Empty(changed.Env!);
    }
}
