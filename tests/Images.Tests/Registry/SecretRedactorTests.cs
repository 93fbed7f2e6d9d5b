using Buildpacks.Images.Registry;
using Xunit;

namespace Buildpacks.Images.Tests.Registry;

public sealed class SecretRedactorTests
{
    [Fact]
    public void KnownSecretsAreMaskedBeforeTheLogSeesThem()
    {
        var log = new RecordingLog();
        var redactor = new SecretRedactor(log);
        redactor.Add("hunter2-password");

        redactor.Write(ImageLogLevel.Warning, "login with hunter2-password failed");

        Assert.Equal("Warning: login with *** failed", Assert.Single(log.Lines));
    }

    [Fact]
    public void AccessTokensInUrlQueriesAreMasked()
    {
        var url = SecretRedactor.Url(new Uri("https://storage.example/blob?X-Amz-Signature=abc123&access_token=eyJhbGci.x.y&keep=1"));

        Assert.DoesNotContain("abc123", url, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJhbGci", url, StringComparison.Ordinal);
        Assert.Contains("keep=1", url, StringComparison.Ordinal);
    }
}
