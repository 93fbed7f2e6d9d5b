using Buildpacks.Images.Registry;
using Xunit;

namespace Buildpacks.Images.Tests.Registry;

public sealed class RegistryScopeTests
{
    [Fact]
    public void ScopesOnTheSameRepositoryMergeTheirActions()
    {
        var merged = RegistryScope.Merge([RegistryScope.Pull("b/app"), RegistryScope.PullPush("a/app"), RegistryScope.Pull("a/app")]);

        Assert.Equal(["repository:a/app:pull,push", "repository:b/app:pull"], merged.Select(s => s.ToString()));
    }

    [Fact]
    public void AScopeNameMayContainColons()
    {
        var scope = RegistryScope.TryParse("repository:localhost:5000/app:pull");

        Assert.NotNull(scope);
        Assert.Equal("localhost:5000/app", scope.Name);
        Assert.Equal(["pull"], scope.Actions);
    }

    [Fact]
    public void AChallengeScopeListIsSplitOnSpaces()
    {
        Assert.Equal(2, RegistryScope.ParseList("repository:a:pull repository:b:pull,push").Count());
    }
}
