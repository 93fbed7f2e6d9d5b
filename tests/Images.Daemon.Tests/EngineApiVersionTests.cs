using Buildpacks.Images.Engine;

namespace Buildpacks.Images.Daemon.Tests;

public sealed class EngineApiVersionTests
{
    [Theory]
    [InlineData("1.41", "1.47", "1.41")]
    [InlineData("1.51", "1.47", "1.47")]
    [InlineData("1.47", "1.47", "1.47")]
    [InlineData("1.9", "1.41", "1.9")]
    public void The_version_spoken_is_the_lower_of_the_daemons_and_the_clients(string server, string maximum, string expected)
    {
        var chosen = EngineApiVersion.Negotiate(EngineApiVersion.TryParse(server)!, EngineApiVersion.TryParse(maximum)!);

        Assert.Equal(expected, EngineApiVersion.Format(chosen));
    }

    [Fact]
    public void Minor_versions_compare_as_numbers_not_text()
    {
        Assert.True(EngineApiVersion.TryParse("1.9") < EngineApiVersion.TryParse("1.41"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1.41.0")]
    [InlineData("v1.41")]
    [InlineData("1.x")]
    public void What_is_not_a_major_minor_pair_is_no_version(string? text)
    {
        Assert.Null(EngineApiVersion.TryParse(text));
    }

    [Fact]
    public void The_clients_range_reaches_both_the_daemons_here_and_docker_29()
    {
        // Docker 20.10 and Podman 4.3 speak 1.41; Docker 29 refuses anything older than 1.44.
        Assert.InRange(new Version(1, 41), EngineApiVersion.Minimum, EngineApiVersion.Maximum);
        Assert.True(EngineApiVersion.Maximum >= new Version(1, 44));
    }
}
