using System.Net;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Buildpacks.Images.Tests.Registry;

/// <summary>
/// Tag list pagination (Link: &lt;…&gt;; rel="next"). The distribution 2.8 server the other tests run ignores
/// <c>n</c> and <c>last</c> and always answers in one page, so this test serves pages the way newer registries do.
/// </summary>
public sealed class TagPaginationTests
{
    [Fact]
    public async Task ListingTagsFollowsTheNextLinksToTheLastPage()
    {
        string[] all = ["a", "b", "c", "d", "e"];
        var pagesServed = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.MapGet("/v2/", () => Results.Ok());
        app.MapGet("/v2/paged/app/tags/list", (HttpContext context) =>
        {
            Interlocked.Increment(ref pagesServed);
            var n = int.Parse(context.Request.Query["n"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            var last = context.Request.Query["last"].ToString();
            var page = all.Where(t => string.CompareOrdinal(t, last) > 0).Take(n).ToArray();
            if (page.Length > 0 && page[^1] != all[^1])
            {
                context.Response.Headers.Link = $"</v2/paged/app/tags/list?n={n}&last={page[^1]}>; rel=\"next\"";
            }

            return Results.Json(new { name = "paged/app", tags = page });
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Authority;
        using var store = new RegistryStore(RegistryTestSettings.Create() with { TagPageSize = 2 });

        var listed = await store.ListTagsAsync(ImageReference.Parse($"{address}/paged/app"), CancellationToken.None);

        Assert.Equal(all, listed);
        Assert.Equal(3, pagesServed);
    }
}
