using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;

namespace Buildpacks.Platform.Tests.Execution;

public sealed class SecretBindingsTests
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["FEED_USER"] = "builder",
        ["FEED_TOKEN"] = "tok-" + Guid.NewGuid().ToString("N"),
        ["KEY_PEM"] = "-----BEGIN KEY-----\nline-one-of-the-key\nline-two-of-the-key\n-----END KEY-----\n",
    };

    private static SecretBindings Write(params BuildSecret[] secrets) =>
        SecretBindings.Write(secrets, [], name => Environment.GetValueOrDefault(name));

    [Fact]
    public void Each_binding_is_a_directory_with_its_type_and_a_file_per_key_that_the_build_user_can_read_but_no_other_user_can_reach()
    {
        string root;
        using (var secrets = Write(new("FEED_USER", "feed", "username", "nuget"), new("FEED_TOKEN", "feed", "password", "nuget"), new("KEY_PEM", "signing", "key.pem", "pem")))
        {
            Assert.Equal(["/platform/bindings/feed", "/platform/bindings/signing"], secrets.Bindings.Select(b => b.PathInBuild));
            Assert.All(secrets.Bindings, b => Assert.True(b.ReadOnly));
            var feed = secrets.Bindings[0].Source;
            Assert.Equal("nuget", File.ReadAllText(Path.Combine(feed, "type")));
            Assert.Equal("builder", File.ReadAllText(Path.Combine(feed, "username")));
            Assert.Equal(Environment["FEED_TOKEN"], File.ReadAllText(Path.Combine(feed, "password")));
            Assert.Equal(Environment["KEY_PEM"], File.ReadAllText(Path.Combine(secrets.Bindings[1].Source, "key.pem")));

            root = Path.GetDirectoryName(feed)!;
            Assert.StartsWith("bp-secrets-", Path.GetFileName(root), StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(root));
            Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(feed));
            Assert.Equal((UnixFileMode)0b100_100_100, File.GetUnixFileMode(Path.Combine(feed, "password")));
        }

        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public void Redact_takes_out_every_value_and_every_line_of_a_value_of_several()
    {
        using var secrets = Write(new("FEED_TOKEN", "feed", "password", "nuget"), new("KEY_PEM", "signing", "key.pem", "pem"));

        var text = $"token={Environment["FEED_TOKEN"]}; key line: line-two-of-the-key; type nuget";

        Assert.Equal("token=***; key line: ***; type nuget", secrets.Redact(text));
        Assert.True(secrets.Appears(text));
        Assert.False(secrets.Appears("nothing secret"));
    }

    [Fact]
    public void A_variable_that_is_not_set_is_BP1091_naming_it_and_no_value()
    {
        var error = Assert.Throws<CodedException>(() => Write(new("FEED_TOKEN", "feed", "password", "nuget"), new("NOT_SET_ANYWHERE", "feed", "other", "nuget")));

        Assert.Equal("BP1091", error.Coded.Code);
        Assert.Contains("NOT_SET_ANYWHERE", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Environment["FEED_TOKEN"], error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1TOKEN", "feed", "password", "nuget")]
    [InlineData("TOKEN-X", "feed", "password", "nuget")]
    [InlineData("FEED_TOKEN", "../feed", "password", "nuget")]
    [InlineData("FEED_TOKEN", "..", "password", "nuget")]
    [InlineData("FEED_TOKEN", "feed", "a/b", "nuget")]
    [InlineData("FEED_TOKEN", "feed", "type", "nuget")]
    [InlineData("FEED_TOKEN", "feed", "password", "")]
    public void An_invalid_name_is_BP1090(string variable, string binding, string key, string type) =>
        Assert.Equal("BP1090", Assert.Throws<CodedException>(() => SecretBindings.Check([new(variable, binding, key, type)], [])).Coded.Code);

    [Fact]
    public void A_key_given_twice_a_binding_of_two_types_or_a_binding_mounted_at_the_same_place_is_BP1090()
    {
        using var directory = new TestInfrastructure.TempDirectory();
        BuildSecret token = new("FEED_TOKEN", "feed", "password", "nuget");

        Assert.Equal("BP1090", Assert.Throws<CodedException>(() => SecretBindings.Check([token, token with { Variable = "FEED_USER" }], [])).Coded.Code);
        Assert.Equal("BP1090", Assert.Throws<CodedException>(() => SecretBindings.Check([token, new("FEED_USER", "feed", "username", "maven")], [])).Coded.Code);
        Assert.Equal("BP1090", Assert.Throws<CodedException>(() => SecretBindings.Check([token], [new BuildBinding(directory.Path, "feed")])).Coded.Code);
    }
}
