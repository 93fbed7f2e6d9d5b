using Buildpacks.Images.Registry;
using Xunit;

namespace Buildpacks.Images.Tests.Registry;

/// <summary>The proxy for a registry request, chosen from HTTP_PROXY, HTTPS_PROXY and NO_PROXY as Go chooses it.</summary>
public sealed class EnvironmentProxyTests
{
    private static readonly EnvironmentProxy Corporate = new(new Dictionary<string, string>
    {
        ["HTTPS_PROXY"] = "proxy.corp.example:3128",
        ["http_proxy"] = "http://plain-proxy.corp.example:8080",
        ["NO_PROXY"] = "corp.example, .internal.example,*.lab.example, 10.0.0.0/8, 192.168.1.7, harbor.example:8443, [fd00::5]",
    }.GetValueOrDefault);

    [Theory]
    [InlineData("https://registry-1.docker.io/v2/", "http://proxy.corp.example:3128/")]
    [InlineData("http://plain.example:5000/v2/", "http://plain-proxy.corp.example:8080/")]
    [InlineData("https://corp.example/v2/", null)]
    [InlineData("https://harbor.corp.example/v2/", null)]
    [InlineData("https://internal.example/v2/", "http://proxy.corp.example:3128/")]
    [InlineData("https://reg.internal.example/v2/", null)]
    [InlineData("https://reg.lab.example/v2/", null)]
    [InlineData("https://notcorp.example/v2/", "http://proxy.corp.example:3128/")]
    [InlineData("https://10.20.30.40:5000/v2/", null)]
    [InlineData("https://11.0.0.1/v2/", "http://proxy.corp.example:3128/")]
    [InlineData("https://192.168.1.7/v2/", null)]
    [InlineData("https://192.168.1.8/v2/", "http://proxy.corp.example:3128/")]
    [InlineData("https://harbor.example:8443/v2/", null)]
    [InlineData("https://harbor.example/v2/", "http://proxy.corp.example:3128/")]
    [InlineData("https://[fd00::5]:5000/v2/", null)]
    [InlineData("http://localhost:5000/v2/", null)]
    [InlineData("http://127.0.0.1:5000/v2/", null)]
    [InlineData("http://[::1]:5000/v2/", null)]
    public void A_request_goes_through_the_proxy_unless_NO_PROXY_or_loopback_says_otherwise(string destination, string? proxy)
    {
        Assert.Equal(proxy, Corporate.GetProxy(new Uri(destination))?.ToString());
    }

    [Fact]
    public void A_proxys_user_and_password_are_its_credentials_and_not_part_of_its_address()
    {
        var proxy = new EnvironmentProxy(n => n == "HTTPS_PROXY" ? "http://build%40corp:p%3Ass@proxy.corp.example:3128" : null);

        Assert.Equal("http://proxy.corp.example:3128/", proxy.GetProxy(new Uri("https://ghcr.io/v2/"))!.ToString());
        var credential = proxy.Credentials!.GetCredential(new Uri("http://proxy.corp.example:3128/"), "Basic")!;
        Assert.Equal(("build@corp", "p:ss"), (credential.UserName, credential.Password));
    }

    [Fact]
    public void A_star_turns_every_proxy_off_and_no_proxy_variable_means_none_is_configured()
    {
        var star = new EnvironmentProxy(n => n switch { "HTTPS_PROXY" => "http://proxy:3128", "no_proxy" => "*", _ => null });
        Assert.True(star.IsConfigured);
        Assert.Null(star.GetProxy(new Uri("https://ghcr.io/v2/")));
        Assert.False(new EnvironmentProxy(_ => null).IsConfigured);
    }
}
