using System.Text;
using Buildpacks.Images.Registry.Credentials;
using Buildpacks.TestInfrastructure;
using Xunit;

namespace Buildpacks.Images.Tests.Registry;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DockerConfigCredentialsTests
{
    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void A_helper_is_looked_up_with_the_windows_executable_extensions_as_the_docker_cli_looks_it_up()
    {
        Assert.Equal(["docker-credential-desktop"], CredentialHelper.ExecutableNames("docker-credential-desktop", windows: false, ".EXE"));
        Assert.Equal(
            ["docker-credential-desktop.com", "docker-credential-desktop.exe", "docker-credential-desktop.bat", "docker-credential-desktop.cmd", "docker-credential-desktop"],
            CredentialHelper.ExecutableNames("docker-credential-desktop", windows: true, pathExt: null));
        Assert.Equal(
            ["docker-credential-gcloud.exe", "docker-credential-gcloud.cmd", "docker-credential-gcloud"],
            CredentialHelper.ExecutableNames("docker-credential-gcloud", windows: true, ".EXE; .CMD;"));
    }

    [Fact]
    public void AnAuthEntryIsBase64OfUserColonPassword()
    {
        var config = DockerConfigCredentials.Parse($$$$"""{"auths":{"registry.example:5000":{"auth":"{{{{Base64("me:pa:ss")}}}}"}}}""", "config.json");

        var credential = DockerConfigCredentials.FromAuths(config, "registry.example:5000", "config.json");

        Assert.Equal("me", credential!.Username);
        Assert.Equal("pa:ss", credential.Password);
    }

    [Fact]
    public void UsernameAndPasswordFieldsWorkWithoutAuth()
    {
        var config = DockerConfigCredentials.Parse("""{"auths":{"registry.example":{"username":"u","password":"p"}}}""", "config.json");

        Assert.Equal("u", DockerConfigCredentials.FromAuths(config, "registry.example", "config.json")!.Username);
    }

    [Fact]
    public void AnIdentityTokenWinsOverThePassword()
    {
        var config = DockerConfigCredentials.Parse($$$$"""{"auths":{"acr.example":{"auth":"{{{{Base64("00000000-0000-0000-0000-000000000000:")}}}}","identitytoken":"refresh-me"}}}""", "config.json");

        var credential = DockerConfigCredentials.FromAuths(config, "acr.example", "config.json");

        Assert.Equal("refresh-me", credential!.IdentityToken);
        Assert.False(credential.HasPassword);
    }

    [Theory]
    [InlineData("https://index.docker.io/v1/")]
    [InlineData("docker.io")]
    [InlineData("index.docker.io")]
    [InlineData("registry-1.docker.io")]
    public void DockerHubIsFoundUnderEachOfItsKeys(string key)
    {
        var config = DockerConfigCredentials.Parse($$$$"""{"auths":{"{{{{key}}}}":{"auth":"{{{{Base64("hub:pw")}}}}"}}}""", "config.json");

        Assert.Equal("hub", DockerConfigCredentials.FromAuths(config, "docker.io", "config.json")!.Username);
    }

    [Fact]
    public void AKeyWrittenAsAUrlMatchesItsHost()
    {
        var config = DockerConfigCredentials.Parse($$$$"""{"auths":{"https://registry.example:5000/v2/":{"auth":"{{{{Base64("a:b")}}}}"}}}""", "config.json");

        Assert.Equal("a", DockerConfigCredentials.FromAuths(config, "registry.example:5000", "config.json")!.Username);
        Assert.Null(DockerConfigCredentials.FromAuths(config, "registry.example", "config.json"));
    }

    [Fact]
    public async Task ARegistryWithoutAnEntryHasNoCredentialsRatherThanAnError()
    {
        using var temp = new TempDirectory();
        var path = temp.WriteFile("config.json", """{"auths":{"elsewhere.example":{"auth":"YTpi"}}}""");

        var credential = await new DockerConfigCredentials(path, []).GetAsync("registry.example", new RecordingLog(), CancellationToken.None);

        Assert.Null(credential);
    }

    [Fact]
    public async Task AMissingConfigFileMeansNoCredentials()
    {
        using var temp = new TempDirectory();

        Assert.Null(await new DockerConfigCredentials(temp.Combine("absent.json"), []).GetAsync("registry.example", new RecordingLog(), CancellationToken.None));
    }

    [Fact]
    public async Task ACredHelperWinsOverInlineAuthsAndGetsTheServerOnStdin()
    {
        using var temp = new TempDirectory();
        WriteHelper(temp, "pick", """{"ServerURL":"x","Username":"from-helper","Secret":"helper-secret"}""");
        var path = temp.WriteFile("config.json", $$$$"""{"auths":{"registry.example":{"auth":"{{{{Base64("inline:pw")}}}}"}},"credHelpers":{"registry.example":"pick"}}""");

        var credential = await new DockerConfigCredentials(path, [temp.Combine("bin")]).GetAsync("registry.example", new RecordingLog(), CancellationToken.None);

        Assert.Equal("from-helper", credential!.Username);
        Assert.Equal("helper-secret", credential.Password);
        Assert.Equal("registry.example", await File.ReadAllTextAsync(temp.Combine("bin", "stdin-pick")));
    }

    [Fact]
    public async Task TheCredsStoreIsAskedForDockerHubWithDockersServerUrl()
    {
        using var temp = new TempDirectory();
        WriteHelper(temp, "store", """{"ServerURL":"https://index.docker.io/v1/","Username":"<token>","Secret":"identity"}""");
        var path = temp.WriteFile("config.json", """{"auths":{"https://index.docker.io/v1/":{}},"credsStore":"store"}""");

        var credential = await new DockerConfigCredentials(path, [temp.Combine("bin")]).GetAsync("docker.io", new RecordingLog(), CancellationToken.None);

        Assert.Equal("identity", credential!.IdentityToken);
        Assert.Equal("https://index.docker.io/v1/", await File.ReadAllTextAsync(temp.Combine("bin", "stdin-store")));
    }

    [Fact]
    public async Task AHelperWithoutCredentialsMeansAnonymous()
    {
        using var temp = new TempDirectory();
        var bin = Directory.CreateDirectory(temp.Combine("bin")).FullName;
        var helper = Path.Combine(bin, "docker-credential-none");
        await File.WriteAllTextAsync(helper, "#!/bin/sh\necho 'credentials not found in native keychain'\nexit 1\n");
        File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var path = temp.WriteFile("config.json", """{"credsStore":"none"}""");

        Assert.Null(await new DockerConfigCredentials(path, [bin]).GetAsync("registry.example", new RecordingLog(), CancellationToken.None));
    }

    [Fact]
    public async Task AMissingHelperIsLoggedAndMeansAnonymous()
    {
        using var temp = new TempDirectory();
        var path = temp.WriteFile("config.json", """{"credsStore":"absent"}""");
        var log = new RecordingLog();

        Assert.Null(await new DockerConfigCredentials(path, [temp.Path]).GetAsync("registry.example", log, CancellationToken.None));
        Assert.Contains(log.Lines, l => l.Contains("docker-credential-absent", StringComparison.Ordinal));
    }

    [Fact]
    public void InvalidJsonIsAClearError()
    {
        var error = Assert.Throws<ImageException>(() => DockerConfigCredentials.Parse("{not json", "/home/me/.docker/config.json"));

        Assert.Contains("/home/me/.docker/config.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACredentialNeverPrintsItsSecret()
    {
        Assert.DoesNotContain("pw-123", RegistryCredential.FromPassword("me", "pw-123").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("tok-123", RegistryCredential.FromIdentityToken("tok-123").ToString(), StringComparison.Ordinal);
    }

    private static void WriteHelper(TempDirectory temp, string name, string output)
    {
        var bin = Directory.CreateDirectory(temp.Combine("bin")).FullName;
        var helper = Path.Combine(bin, "docker-credential-" + name);
        File.WriteAllText(helper, $"#!/bin/sh\n[ \"$1\" = get ] || exit 2\ncat > '{Path.Combine(bin, "stdin-" + name)}'\necho '{output}'\n");
        File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
