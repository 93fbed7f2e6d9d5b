using Buildpacks.Images.Registry;
using Xunit;

namespace Buildpacks.Images.Tests.Registry;

public sealed class AuthenticationChallengeTests
{
    [Fact]
    public void ABearerChallengeGivesRealmServiceAndScope()
    {
        var challenge = Assert.Single(AuthenticationChallenge.Parse("Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:team/app:pull,push\""));

        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.example/token", challenge.Realm);
        Assert.Equal("registry.example", challenge.Service);
        Assert.Equal("repository:team/app:pull,push", challenge.Scope);
    }

    [Fact]
    public void QuotedValuesKeepCommasSpacesAndEscapedQuotes()
    {
        var challenge = Assert.Single(AuthenticationChallenge.Parse("Bearer realm=\"https://a/t\", scope=\"repository:a:pull repository:b:pull,push\", error=\"say \\\"no\\\"\""));

        Assert.Equal("repository:a:pull repository:b:pull,push", challenge.Scope);
        Assert.Equal("say \"no\"", challenge.Error);
    }

    [Fact]
    public void ABasicChallengeIsRecognisedWhateverTheCase()
    {
        var challenge = Assert.Single(AuthenticationChallenge.Parse("basic realm=\"Registry Realm\""));

        Assert.True(challenge.IsBasic);
        Assert.Equal("Registry Realm", challenge.Get("REALM"));
    }

    [Fact]
    public void SeveralChallengesInOneHeaderAreAllRead()
    {
        var challenges = AuthenticationChallenge.Parse("Bearer realm=\"https://a/token\",service=\"s\", Basic realm=\"b\"");

        Assert.Equal(["Bearer", "Basic"], challenges.Select(c => c.Scheme));
        Assert.Equal("b", challenges[1].Realm);
    }

    [Fact]
    public void UnquotedTokenValuesAreRead()
    {
        var challenge = Assert.Single(AuthenticationChallenge.Parse("Bearer realm=https://a/token,service=svc"));

        Assert.Equal("https://a/token", challenge.Realm);
        Assert.Equal("svc", challenge.Service);
    }

    [Fact]
    public void AnInsufficientScopeErrorIsExposed()
    {
        var challenge = Assert.Single(AuthenticationChallenge.Parse("Bearer realm=\"r\",service=\"s\",scope=\"repository:x:push\",error=\"insufficient_scope\""));

        Assert.Equal("insufficient_scope", challenge.Error);
    }
}
