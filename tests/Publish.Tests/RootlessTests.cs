using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.TestInfrastructure.Apps;
using Buildpacks.TestInfrastructure.Users;

namespace Buildpacks.MSBuild.Publish.Tests;

/// <summary>
/// Local execution needs no root: a user who is not root (made for the test when the tests run as root, else the
/// tests' own user) publishes with Local execution — its sandbox, its user cache, no daemon — and gets the image
/// Container execution gives for the same project, to the digest.
/// </summary>
public sealed class RootlessTests
{
    [Fact]
    public async Task ALocalPublishByAUserWhoIsNotRootGivesTheImageContainerExecutionGives()
    {
        using var project = await TestProject.CreateAsync(AppKind.Console, "Hello, without root", "Rootless");
        var containerImage = SampleServices.UniqueRepository("rootless-container") + ":1";
        var localImage = SampleServices.UniqueRepository("rootless-local") + ":1";
        var container = (await project.PublishAsync($"-p:BuildpackImage={containerImage}", "-p:BuildpackPublish=true", "-p:BuildpackExecution=Container"))
            .EnsureSucceeded();

        var user = await UnprivilegedUser.EnsureAsync();
        if (user is not null)
        {
            await project.HandOverToAsync(user);
        }

        var local = (await project.PublishAsAsync(user, $"-p:BuildpackImage={localImage}", "-p:BuildpackPublish=true", "-p:BuildpackExecution=Local"))
            .EnsureSucceeded()
            .EnsureLogContains("(Local execution)");

        Assert.Equal(container.Output("BuildpackImageDigest"), local.Output("BuildpackImageDigest"));
    }
}
