using System.Net.Http.Headers;
using Buildpacks.Images.Registry;
using Xunit;

namespace Buildpacks.Images.Tests.Registry;

/// <summary>The upload body that restarts the request timeout as it is sent (a slow upload is not a stall).</summary>
public sealed class ProgressReportingContentTests
{
    [Fact]
    public async Task Every_write_of_the_body_is_reported_and_the_body_and_its_headers_are_unchanged()
    {
        // A layer file, as an upload sends one.
        using var temp = new Buildpacks.TestInfrastructure.TempDirectory();
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();
        await File.WriteAllBytesAsync(temp.Combine("layer"), bytes);
        var inner = new StreamContent(File.OpenRead(temp.Combine("layer")), 8192);
        inner.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        inner.Headers.ContentLength = bytes.Length;
        var reports = 0;
        using var content = new ProgressReportingContent(inner, () => reports++);

        using var sent = new MemoryStream();
        await content.CopyToAsync(sent);

        Assert.Equal(bytes, sent.ToArray());
        Assert.True(reports >= bytes.Length / 8192, $"{reports} reports");
        Assert.Equal(bytes.Length, content.Headers.ContentLength);
        Assert.Equal("application/octet-stream", content.Headers.ContentType!.MediaType);
    }
}
