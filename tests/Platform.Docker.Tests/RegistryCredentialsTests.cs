using Buildpacks.Images.Registry.Credentials;

namespace Buildpacks.Platform.Docker.Tests;

/// <summary>
/// CNB_REGISTRY_AUTH as the reference lifecycle reads it (lifecycle <c>auth/keychain.go</c>): keyed by
/// go-containerregistry's registry name, each value an Authorization header it turns back into credentials.
/// </summary>
public sealed class RegistryCredentialsTests
{
    [Fact]
    public void Docker_Hub_is_keyed_index_docker_io_as_the_lifecycles_keychain_looks_it_up()
    {
        Assert.Equal("index.docker.io", RegistryCredentials.LifecycleKey("docker.io"));
        Assert.Equal("ghcr.io", RegistryCredentials.LifecycleKey("ghcr.io"));
        Assert.Equal("127.0.0.1:5000", RegistryCredentials.LifecycleKey("127.0.0.1:5000"));
    }

    [Fact]
    public void An_identity_token_goes_as_X_Identity_and_is_not_dropped()
    {
        Assert.Equal("X-Identity refresh-token", RegistryCredentials.Header(RegistryCredential.FromIdentityToken("refresh-token", "00000000-0000-0000-0000-000000000000")));
    }

    [Fact]
    public void A_password_goes_as_Basic_and_a_registry_token_as_Bearer()
    {
        Assert.Equal("Basic dXNlcjpzZWNyZXQ=", RegistryCredentials.Header(RegistryCredential.FromPassword("user", "secret")));
        Assert.Equal("Bearer abc", RegistryCredentials.Header(RegistryCredential.FromRegistryToken("abc")));
    }
}
