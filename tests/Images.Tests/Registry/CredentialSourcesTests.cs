using System.Text;
using Buildpacks.Images.Registry.Credentials;
using Buildpacks.TestInfrastructure;
using Xunit;

namespace Buildpacks.Images.Tests.Registry;

/// <summary>
/// Where credentials come from besides one config.json: environment variables (per registry, and an unnamed pair for
/// the registry the image is published to only), Podman's auth files, and the order the sources are asked in.
/// </summary>
public sealed class CredentialSourcesTests : IDisposable
{
    private readonly TempDirectory _temp = new("bp-creds");

    private static string AuthFile(string registry, string user, string password) => AuthFile((registry, user, password));

    private static string AuthFile(params (string Registry, string User, string Password)[] entries) =>
        "{\"auths\":{" + string.Join(",", entries.Select(e => $"\"{e.Registry}\":{{\"auth\":\"{Convert.ToBase64String(Encoding.UTF8.GetBytes($"{e.User}:{e.Password}"))}\"}}")) + "}}";

    private static Task<RegistryCredential?> GetAsync(IRegistryCredentialSource source, string registry) =>
        source.GetAsync(registry, new RecordingLog(), CancellationToken.None);

    [Theory]
    [InlineData("ghcr.io", "GHCR_IO")]
    [InlineData("127.0.0.1:5000", "127_0_0_1_5000")]
    [InlineData("index.docker.io", "DOCKER_IO")]
    [InlineData("my-registry.example.com", "MY_REGISTRY_EXAMPLE_COM")]
    public void A_registry_s_variables_are_named_after_its_host(string registry, string key)
    {
        Assert.Equal(key, EnvironmentCredentials.VariableKey(registry));
    }

    [Fact]
    public async Task Per_registry_variables_serve_their_registry_and_the_unnamed_pair_only_the_published_one()
    {
        var environment = new Dictionary<string, string>
        {
            ["BUILDPACK_REGISTRY_GHCR_IO_USERNAME"] = "ghcr-user",
            ["BUILDPACK_REGISTRY_GHCR_IO_PASSWORD"] = "ghcr-token",
            ["BUILDPACK_REGISTRY_USERNAME"] = "ci",
            ["BUILDPACK_REGISTRY_PASSWORD"] = "ci-secret",
        };
        var source = new EnvironmentCredentials(environment, outputRegistry: "registry.example.com");

        Assert.Equal(("ghcr-user", "ghcr-token"), Pair(await GetAsync(source, "ghcr.io")));
        Assert.Equal(("ci", "ci-secret"), Pair(await GetAsync(source, "registry.example.com")));
        Assert.Null(await GetAsync(source, "docker.io"));
        Assert.Null(await GetAsync(new EnvironmentCredentials(environment, outputRegistry: null), "registry.example.com"));
    }

    [Fact]
    public async Task Half_a_pair_is_an_error_that_names_both_variables_and_no_value()
    {
        var source = new EnvironmentCredentials(new Dictionary<string, string> { ["BUILDPACK_REGISTRY_GHCR_IO_USERNAME"] = "only-me" }, null);

        var error = await Assert.ThrowsAsync<ImageException>(() => GetAsync(source, "ghcr.io"));

        Assert.Contains("BUILDPACK_REGISTRY_GHCR_IO_PASSWORD", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("only-me", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_environment_wins_then_REGISTRY_AUTH_FILE_then_docker_config_then_Podman_s_default_files()
    {
        var home = _temp.Combine("home");
        var runtime = _temp.Combine("run");
        _temp.WriteFile("home/.docker/config.json", AuthFile("docker.example", "docker", "d") + "\n");
        _temp.WriteFile("run/containers/auth.json", AuthFile(("docker.example", "podman", "p"), ("podman.example", "podman", "p")));
        _temp.WriteFile("home/.config/containers/auth.json", AuthFile("config.example", "xdg-config", "c"));
        var explicitFile = _temp.WriteFile("explicit/auth.json", AuthFile("docker.example", "explicit", "e"));
        var environment = new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = runtime, ["BUILDPACK_REGISTRY_ENV_EXAMPLE_USERNAME"] = "env", ["BUILDPACK_REGISTRY_ENV_EXAMPLE_PASSWORD"] = "v" };

        var defaults = RegistryCredentialChain.For(environment, home, null);
        var withAuthFile = RegistryCredentialChain.For(new Dictionary<string, string>(environment) { ["REGISTRY_AUTH_FILE"] = explicitFile }, home, null);

        Assert.Equal("env", (await GetAsync(defaults, "env.example"))!.Username);
        Assert.Equal("docker", (await GetAsync(defaults, "docker.example"))!.Username);
        Assert.Equal("podman", (await GetAsync(defaults, "podman.example"))!.Username);
        Assert.Equal("xdg-config", (await GetAsync(defaults, "config.example"))!.Username);
        Assert.Equal("explicit", (await GetAsync(withAuthFile, "docker.example"))!.Username);
        Assert.Null(await GetAsync(defaults, "nowhere.example"));
    }

    [Fact]
    public async Task DOCKER_CONFIG_moves_the_docker_config()
    {
        var elsewhere = _temp.Combine("elsewhere");
        _temp.WriteFile("elsewhere/config.json", AuthFile("docker.example", "moved", "m"));
        _temp.WriteFile("home/.docker/config.json", AuthFile("docker.example", "home", "h"));

        var chain = RegistryCredentialChain.For(new Dictionary<string, string> { ["DOCKER_CONFIG"] = elsewhere }, _temp.Combine("home"), null);

        Assert.Equal("moved", (await GetAsync(chain, "docker.example"))!.Username);
        Assert.Contains(Path.Combine(elsewhere, "config.json"), chain.Description, StringComparison.Ordinal);
    }

    private static (string?, string?) Pair(RegistryCredential? credential) => (credential?.Username, credential?.Password);

    public void Dispose() => _temp.Dispose();
}
