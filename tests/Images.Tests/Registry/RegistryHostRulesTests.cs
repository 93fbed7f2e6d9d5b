using System.Collections.Concurrent;
using System.Net;
using Buildpacks.Images.Model;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Registry.Credentials;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Buildpacks.Images.Tests.Registry;

/// <summary>Which host gets what: credentials only the registry, plain HTTP only loopback and private-network registries, a stalled token service a timeout.</summary>
public sealed class RegistryHostRulesTests
{
    [Fact]
    public async Task An_upload_Location_on_another_host_gets_the_body_without_the_registrys_credentials()
    {
        var storageSaw = new ConcurrentQueue<string?>();
        await using var storage = await StartAsync(app => app.MapPut("/upload/{id}", (HttpContext context) =>
        {
            storageSaw.Enqueue(context.Request.Headers.Authorization.FirstOrDefault());
            return Results.StatusCode(201);
        }));
        var storageAddress = Address(storage);
        await using var registry = await StartAsync(app =>
        {
            // Basic auth on the registry's own endpoints, as a registry without a token service asks for it.
            app.Use(async (context, next) =>
            {
                if (context.Request.Headers.Authorization.Count == 0)
                {
                    context.Response.StatusCode = 401;
                    context.Response.Headers.WWWAuthenticate = "Basic realm=\"test\"";
                    return;
                }

                await next(context);
            });
            app.MapGet("/v2/", () => Results.Ok());
            app.MapPost("/v2/team/app/blobs/uploads/", (HttpContext context) =>
            {
                context.Response.Headers.Location = $"{storageAddress}/upload/1?state=abc";
                return Results.StatusCode(202);
            });
        });
        var host = new Uri(Address(registry)).Authority;
        var settings = RegistryTestSettings.Create(credentials: new Dictionary<string, RegistryCredential> { [host] = RegistryCredential.FromPassword("user", "secret-password") })
            with { InsecureRegistries = [host] };
        using var client = new RegistryClient(host, settings);
        var body = new byte[] { 1, 2, 3 };
        var blob = new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Compute(body), Size = body.Length };

        await client.UploadBlobAsync("team/app", blob, _ => Task.FromResult<Stream>(new MemoryStream(body)), CancellationToken.None);

        Assert.Equal([null], storageSaw);
    }

    [Fact]
    public async Task A_token_service_that_never_answers_fails_the_request_after_the_timeout_instead_of_hanging()
    {
        await using var tokens = await StartAsync(app => app.MapGet("/token", async (HttpContext context) =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
            return Results.Ok();
        }));
        var realm = $"{Address(tokens)}/token";
        await using var registry = await StartAsync(app => app.Run(context =>
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{realm}\",service=\"test\"";
            return Task.CompletedTask;
        }));
        var host = new Uri(Address(registry)).Authority;
        var settings = RegistryTestSettings.Create() with { InsecureRegistries = [host], RequestTimeout = TimeSpan.FromSeconds(5), MaxAttempts = 1 };
        using var store = new RegistryStore(settings);

        var read = store.TryReadImageAsync(Images.References.ImageReference.Parse($"{host}/team/app:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);

        var finished = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.Same(read, finished);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => read);
        Assert.Contains("token service", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.1.2.3:5000", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.31.255.255:443", true)]
    [InlineData("192.168.1.10:5000", true)]
    [InlineData("172.32.0.1:5000", false)]
    [InlineData("11.0.0.1:5000", false)]
    [InlineData("registry.example.com:5000", false)]
    [InlineData("10.example.com", false)]
    [InlineData("[fd00::1]:5000", false)]
    public void A_registry_on_a_private_network_address_may_fall_back_to_plain_HTTP_as_go_containerregistry_allows(string registry, bool isPrivate)
    {
        Assert.Equal(isPrivate, RegistryClient.IsPrivateNetworkAddress(registry));
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    private static async Task<WebApplication> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }
}
