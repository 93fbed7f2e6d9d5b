using Buildpacks.Lifecycle.Launch;

namespace Buildpacks.Lifecycle.Tests.Launch;

/// <summary>The PATH lookup of a direct process (the reference launcher's Go exec.LookPath).</summary>
public sealed class ExecutableLookupTests : IDisposable
{
    private readonly LaunchApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public void The_first_executable_on_PATH_wins()
    {
        var first = Path.Combine(_app.Root, "first");
        var second = Path.Combine(_app.Root, "second");
        LaunchApp.WriteScript(second, "tool", "true");
        LaunchApp.WriteScript(first, "tool", "true");

        Assert.Equal(Path.Combine(first, "tool"), ExecutableLookup.Find("tool", $"{first}:{second}", _app.AppDir));
    }

    [Fact]
    public void Files_that_are_not_executable_and_directories_are_skipped()
    {
        var first = Path.Combine(_app.Root, "first");
        var second = Path.Combine(_app.Root, "second");
        LaunchApp.WriteFile(first, "tool", "not executable");
        Directory.CreateDirectory(Path.Combine(_app.Root, "third", "tool"));
        LaunchApp.WriteScript(second, "tool", "true");

        Assert.Equal(Path.Combine(second, "tool"), ExecutableLookup.Find("tool", $"{first}:{_app.Root}/third:{second}", _app.AppDir));
    }

    [Fact]
    public void A_command_with_a_slash_is_used_as_given_relative_to_the_app_dir()
    {
        LaunchApp.WriteScript(_app.AppDir, "bin/start", "true");

        Assert.Equal("./bin/start", ExecutableLookup.Find("./bin/start", "/usr/bin", _app.AppDir));
    }

    [Fact]
    public void A_missing_command_fails_with_82()
    {
        var error = Assert.Throws<LifecycleException>(() => ExecutableLookup.Find("no-such-tool", "/usr/bin:/bin", _app.AppDir));

        Assert.Equal(82, error.ExitCode);
        Assert.Contains("no-such-tool", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_match_through_a_relative_PATH_entry_is_refused()
    {
        LaunchApp.WriteScript(_app.AppDir, "tool", "true");

        var error = Assert.Throws<LifecycleException>(() => ExecutableLookup.Find("tool", ":/usr/bin", _app.AppDir));

        Assert.Equal(82, error.ExitCode);
    }
}
