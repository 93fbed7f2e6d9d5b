using System.Text;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Registry.Credentials;
using Buildpacks.Images.Stores;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Registry;
using Xunit;

namespace Buildpacks.Images.Tests.Registry;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RegistryAuthTests
{
    private const string User = "builder";
    private const string Password = "s3cret-Passw0rd-xyz";

    [Fact]
    public async Task BasicAuthWithExplicitCredentialsPushesAndPulls()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions { BasicUsers = new Dictionary<string, string> { [User] = Password } });
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create(credentials: Explicit(registry.Address)));

        var written = await store.WriteImageAsync(RegistryTestImages.Image([$"{registry.Address}/basic/app:1"], [RegistryTestImages.Layer(temp, ("a", "a"))]), CancellationToken.None);
        var read = await store.TryReadImageAsync(ImageReference.Parse($"{registry.Address}/basic/app:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);

        Assert.Equal(written.ManifestDigest, read!.Digest);
    }

    [Fact]
    public async Task BasicAuthWithoutCredentialsFailsNamingTheRegistryAndWhatToDo()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions { BasicUsers = new Dictionary<string, string> { [User] = Password } });
        using var store = new RegistryStore(RegistryTestSettings.Create());

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(() =>
            store.TryReadImageAsync(ImageReference.Parse($"{registry.Address}/basic/app:1"), ImagePlatform.LinuxAmd64, CancellationToken.None));

        Assert.Contains($"{registry.Address}/basic/app", error.Message, StringComparison.Ordinal);
        Assert.Contains("docker login", error.Message, StringComparison.Ordinal);
        Assert.Contains("no credentials", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongBasicPasswordFailsWithAnAuthenticationError()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions { BasicUsers = new Dictionary<string, string> { [User] = Password } });
        using var store = new RegistryStore(RegistryTestSettings.Create(credentials: new Dictionary<string, RegistryCredential> { [registry.Address] = RegistryCredential.FromPassword(User, "wrong-password") }));

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(() =>
            store.TryReadImageAsync(ImageReference.Parse($"{registry.Address}/basic/app:1"), ImagePlatform.LinuxAmd64, CancellationToken.None));

        Assert.Equal(registry.Address, error.Registry);
        Assert.DoesNotContain("wrong-password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BearerTokensAreRequestedForExactlyTheScopesNeeded()
    {
        await using var tokens = await TokenService.StartAsync(new TokenServiceOptions { Users = new Dictionary<string, string> { [User] = Password } });
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions { TokenService = tokens });
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create(credentials: Explicit(registry.Address)));

        var written = await store.WriteImageAsync(RegistryTestImages.Image([$"{registry.Address}/bearer/app:1"], [RegistryTestImages.Layer(temp, ("a", "a"))]), CancellationToken.None);
        var read = await store.TryReadImageAsync(ImageReference.Parse($"{registry.Address}/bearer/app:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);

        Assert.Equal(written.ManifestDigest, read!.Digest);
        Assert.All(tokens.Requests, r => Assert.Equal(User, r.User));
        Assert.Contains(tokens.Requests, r => r.Scopes.SequenceEqual(["repository:bearer/app:pull,push"]));
        Assert.Contains(tokens.Requests, r => r.Scopes.SequenceEqual(["repository:bearer/app:pull"]));

        // Tokens are cached per scope set: a handful of token requests for many registry requests.
        Assert.True(tokens.Requests.Count <= 3, $"{tokens.Requests.Count} token requests");
    }

    [Fact]
    public async Task AMountAsksForPushOnTheDestinationAndPullOnTheSource()
    {
        await using var tokens = await TokenService.StartAsync(new TokenServiceOptions { Users = new Dictionary<string, string> { [User] = Password } });
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions { TokenService = tokens });
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create(credentials: Explicit(registry.Address)));
        await store.WriteImageAsync(RegistryTestImages.Image([$"{registry.Address}/base/os:1"], [RegistryTestImages.RandomLayer(temp, 5000, 9)]), CancellationToken.None);
        var baseImage = await store.TryReadImageAsync(ImageReference.Parse($"{registry.Address}/base/os:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);

        var result = await store.WriteImageAsync(
            RegistryTestImages.Image([$"{registry.Address}/apps/web:1"], baseImage!.Layers.Select(l => LayerToWrite.From(baseImage, l)).ToList(), label: "web"),
            CancellationToken.None);

        Assert.Equal(1, result.Statistics.BlobsMounted);
        Assert.Contains(tokens.Requests, r => r.Scopes.Order().SequenceEqual(["repository:apps/web:pull,push", "repository:base/os:pull"]));
    }

    [Fact]
    public async Task AMountTheTokenServiceRefusesIsAnUploadAndThePushScopeIsAskedFirst()
    {
        var refused = new HashSet<string>();
        await using var tokens = await TokenService.StartAsync(new TokenServiceOptions { Users = new Dictionary<string, string> { [User] = Password }, RefusedRepositories = refused });
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions { TokenService = tokens });
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create(credentials: Explicit(registry.Address)));
        await store.WriteImageAsync(RegistryTestImages.Image([$"{registry.Address}/base/os:1"], [RegistryTestImages.RandomLayer(temp, 5000, 9)]), CancellationToken.None);
        var baseImage = await store.TryReadImageAsync(ImageReference.Parse($"{registry.Address}/base/os:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);

        // From now on the token service refuses any request that names the base's repository (Docker Hub does so for
        // one the credentials may not read): the mount fails at its token, and the layer is uploaded instead.
        using var refusing = new RegistryStore(RegistryTestSettings.Create(credentials: Explicit(registry.Address)));
        refused.Add("base/os");
        var result = await refusing.WriteImageAsync(
            RegistryTestImages.Image([$"{registry.Address}/apps/web:1"], baseImage!.Layers.Select(l => LayerToWrite.From(baseImage, l)).ToList(), label: "web"),
            CancellationToken.None);

        Assert.Equal(0, result.Statistics.BlobsMounted);
        Assert.Contains(tokens.Requests, r => r.Status == 401 && r.Scopes.Contains("repository:base/os:pull"));
        Assert.All(tokens.Requests.Where(r => r.Scopes.Count > 1), r => Assert.EndsWith("push", r.Scopes[0], StringComparison.Ordinal));
        var pushed = await refusing.TryReadImageAsync(ImageReference.Parse($"{registry.Address}/apps/web:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);
        Assert.Equal(baseImage.Layers.Select(l => l.DiffId), pushed!.Layers.Select(l => l.DiffId));
    }

    [Fact]
    public async Task AnonymousTokensAreUsedWhenConfigJsonHasNoEntryForTheRegistry()
    {
        await using var tokens = await TokenService.StartAsync(new TokenServiceOptions { Users = new Dictionary<string, string> { [User] = Password }, AllowAnonymous = true });
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions { TokenService = tokens });
        using var temp = new TempDirectory();
        using (var pusher = new RegistryStore(RegistryTestSettings.Create(credentials: Explicit(registry.Address))))
        {
            await pusher.WriteImageAsync(RegistryTestImages.Image([$"{registry.Address}/public/app:1"], [RegistryTestImages.Layer(temp, ("a", "a"))]), CancellationToken.None);
        }

        var config = temp.WriteFile("docker/config.json", """{"auths":{"other.example:5000":{"auth":"dXNlcjpwYXNz"}},"credsStore":""}""");
        using var store = new RegistryStore(RegistryTestSettings.Create() with { DockerConfig = new DockerConfigCredentials(config, []) });

        var read = await store.TryReadImageAsync(ImageReference.Parse($"{registry.Address}/public/app:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);

        Assert.NotNull(read);
        Assert.Contains(tokens.Requests, r => r.User is null && r.Status == 200);
    }

    [Fact]
    public async Task AnonymousPushIsRefusedWithAClearError()
    {
        await using var tokens = await TokenService.StartAsync(new TokenServiceOptions { AllowAnonymous = true });
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions { TokenService = tokens });
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create());

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(() =>
            store.WriteImageAsync(RegistryTestImages.Image([$"{registry.Address}/private/app:1"], [RegistryTestImages.Layer(temp, ("a", "a"))]), CancellationToken.None));

        Assert.Contains("push to", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{registry.Address}/private/app", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialsComeFromAConfigJsonCredentialHelper()
    {
        await using var tokens = await TokenService.StartAsync(new TokenServiceOptions { Users = new Dictionary<string, string> { [User] = Password }, AllowAnonymous = false });
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions { TokenService = tokens });
        using var temp = new TempDirectory();
        var helpers = temp.Combine("helpers");
        Directory.CreateDirectory(helpers);
        var helper = Path.Combine(helpers, "docker-credential-test");
        var asked = temp.Combine("asked.txt");
        await File.WriteAllTextAsync(helper, $"#!/bin/sh\n[ \"$1\" = get ] || exit 1\ncat > '{asked}'\necho '{{\"ServerURL\":\"{registry.Address}\",\"Username\":\"{User}\",\"Secret\":\"{Password}\"}}'\n");
        File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var config = temp.WriteFile("docker/config.json", $$$$"""{"credHelpers":{"{{{{registry.Address}}}}":"test"}}""");
        var log = new RecordingLog();
        using var store = new RegistryStore(RegistryTestSettings.Create(log) with { DockerConfig = new DockerConfigCredentials(config, [helpers]) });

        await store.WriteImageAsync(RegistryTestImages.Image([$"{registry.Address}/helped/app:1"], [RegistryTestImages.Layer(temp, ("a", "a"))]), CancellationToken.None);

        Assert.Equal(registry.Address, await File.ReadAllTextAsync(asked));
        Assert.All(tokens.Requests, r => Assert.Equal(User, r.User));
        Assert.DoesNotContain(Password, log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIdentityTokenIsExchangedThroughTheOAuth2RefreshGrant()
    {
        const string identityToken = "identity-token-0123456789abcdef";
        await using var tokens = await TokenService.StartAsync(new TokenServiceOptions { IdentityTokens = new Dictionary<string, string> { [identityToken] = User }, AllowAnonymous = false });
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions { TokenService = tokens });
        using var temp = new TempDirectory();
        var config = temp.WriteFile("docker/config.json", $$$$"""{"auths":{"{{{{registry.Address}}}}":{"auth":"{{{{Convert.ToBase64String(Encoding.UTF8.GetBytes("00000000-0000-0000-0000-000000000000:"))}}}}","identitytoken":"{{{{identityToken}}}}"}}}""");
        var log = new RecordingLog();
        using var store = new RegistryStore(RegistryTestSettings.Create(log) with { DockerConfig = new DockerConfigCredentials(config, []) });

        await store.WriteImageAsync(RegistryTestImages.Image([$"{registry.Address}/oauth/app:1"], [RegistryTestImages.Layer(temp, ("a", "a"))]), CancellationToken.None);

        Assert.All(tokens.Requests, r => Assert.Equal("POST", r.Method));
        Assert.Equal("refresh_token", tokens.Requests[0].GrantType);
        Assert.DoesNotContain(identityToken, log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExpiredTokenIsReplacedBeforeItIsSent()
    {
        await using var tokens = await TokenService.StartAsync(new TokenServiceOptions { Users = new Dictionary<string, string> { [User] = Password }, TokenLifetime = TimeSpan.FromSeconds(2) });
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions { TokenService = tokens });
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create(credentials: Explicit(registry.Address)));
        var reference = ImageReference.Parse($"{registry.Address}/expiry/app:1");
        await store.WriteImageAsync(RegistryTestImages.Image([reference.ToString()], [RegistryTestImages.Layer(temp, ("a", "a"))]), CancellationToken.None);
        await store.TryReadImageAsync(reference, ImagePlatform.LinuxAmd64, CancellationToken.None);
        var pullTokens = tokens.Requests.Count(r => r.Scopes.SequenceEqual(["repository:expiry/app:pull"]));

        await Task.Delay(TimeSpan.FromSeconds(2.2));
        await store.TryReadImageAsync(reference, ImagePlatform.LinuxAmd64, CancellationToken.None);

        Assert.Equal(pullTokens + 1, tokens.Requests.Count(r => r.Scopes.SequenceEqual(["repository:expiry/app:pull"])));
    }

    [Fact]
    public async Task NoCredentialOrTokenAppearsInAnyLogLine()
    {
        await using var tokens = await TokenService.StartAsync(new TokenServiceOptions { Users = new Dictionary<string, string> { [User] = Password } });
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions { TokenService = tokens });
        using var temp = new TempDirectory();
        var log = new RecordingLog();
        using var store = new RegistryStore(RegistryTestSettings.Create(log, Explicit(registry.Address)));

        await store.WriteImageAsync(RegistryTestImages.Image([$"{registry.Address}/secret/app:1", $"{registry.Address}/secret/copy:1"], [RegistryTestImages.Layer(temp, ("a", "a"))]), CancellationToken.None);
        var read = await store.TryReadImageAsync(ImageReference.Parse($"{registry.Address}/secret/app:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);
        await RegistryTestImages.ReadAllAsync(await store.OpenLayerAsync(read!, read!.Layers[0], CancellationToken.None));

        Assert.NotEmpty(log.Lines);
        Assert.Contains(log.Lines, l => l.Contains("token", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(Password, log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")), log.Text, StringComparison.Ordinal);
        Assert.NotEmpty(tokens.IssuedTokens);
        foreach (var token in tokens.IssuedTokens)
        {
            Assert.DoesNotContain(token, log.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(token.Split('.')[2], log.Text, StringComparison.Ordinal);
        }
    }

    private static Dictionary<string, RegistryCredential> Explicit(string registry) =>
        new() { [registry] = RegistryCredential.FromPassword(User, Password) };
}
