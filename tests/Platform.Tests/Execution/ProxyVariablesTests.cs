using Buildpacks.Platform.Execution;
using Xunit;

namespace Buildpacks.Platform.Tests.Execution;

/// <summary>The machine's proxy settings as every lifecycle phase gets them (as pack gives them).</summary>
public sealed class ProxyVariablesTests
{
    [Fact]
    public void Each_setting_is_given_in_both_spellings_the_upper_case_variable_first()
    {
        var environment = new Dictionary<string, string>
        {
            ["HTTPS_PROXY"] = "http://proxy.example:3128",
            ["https_proxy"] = "http://ignored.example:1",
            ["http_proxy"] = "http://lower.example:8080",
            ["NO_PROXY"] = "127.0.0.1,localhost,.corp.example",
        };

        var variables = ProxyVariables.From(n => environment.GetValueOrDefault(n));

        Assert.Equal(
            [
                "HTTP_PROXY=http://lower.example:8080", "http_proxy=http://lower.example:8080",
                "HTTPS_PROXY=http://proxy.example:3128", "https_proxy=http://proxy.example:3128",
                "NO_PROXY=127.0.0.1,localhost,.corp.example", "no_proxy=127.0.0.1,localhost,.corp.example",
            ],
            variables);
    }

    [Fact]
    public void No_setting_or_an_empty_one_gives_nothing()
    {
        Assert.Empty(ProxyVariables.From(_ => null));
        Assert.Empty(ProxyVariables.From(n => n == "HTTP_PROXY" ? string.Empty : null));
    }
}
