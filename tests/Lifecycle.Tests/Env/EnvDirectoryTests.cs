using Buildpacks.Lifecycle.Env;
using Xunit;

namespace Buildpacks.Lifecycle.Tests.Env;

public sealed class EnvDirectoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("env-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string name, string value) => File.WriteAllText(Path.Combine(_dir, name), value);

    [Theory]
    [InlineData("V.override", EnvFileAction.Default, "old", "new")]
    [InlineData("V.default", EnvFileAction.Override, "old", "old")]
    [InlineData("V.default", EnvFileAction.Override, "", "new")]
    [InlineData("V.append", EnvFileAction.Override, "old", "oldnew")]
    [InlineData("V.prepend", EnvFileAction.Override, "old", "newold")]
    [InlineData("V.append", EnvFileAction.Override, "", "new")]
    [InlineData("V", EnvFileAction.Override, "old", "new")]
    [InlineData("V", EnvFileAction.Default, "old", "old")]
    public void Each_suffix_applies_its_action(string file, EnvFileAction unsuffixed, string existing, string expected)
    {
        Write(file, "new");
        var vars = new Dictionary<string, string> { ["V"] = existing };

        EnvDirectory.Apply(vars, _dir, unsuffixed);

        Assert.Equal(expected, vars["V"]);
    }

    [Fact]
    public void Delim_files_join_append_and_prepend_and_contents_are_not_trimmed()
    {
        Write("A.append", "a2\n");
        Write("A.delim", "|");
        Write("P.prepend", "p0");
        Write("P.delim", ":");
        var vars = new Dictionary<string, string> { ["A"] = "a1", ["P"] = "p1" };

        EnvDirectory.Apply(vars, _dir, EnvFileAction.Override);

        Assert.Equal("a1|a2\n", vars["A"]);
        Assert.Equal("p0:p1", vars["P"]);
        Assert.False(vars.ContainsKey("A.delim"));
    }

    [Fact]
    public void Build_environment_keeps_only_the_allowed_host_variables()
    {
        var env = BuildEnvironment.FromVariables(new Dictionary<string, string>
        {
            ["PATH"] = "/bin", ["HOME"] = "/root", ["http_proxy"] = "p", ["SECRET"] = "s", ["CNB_PLATFORM_API"] = "0.15",
        });

        Assert.Equal(["HOME", "PATH", "http_proxy"], env.Variables.Keys.Order(StringComparer.Ordinal));
    }
}
