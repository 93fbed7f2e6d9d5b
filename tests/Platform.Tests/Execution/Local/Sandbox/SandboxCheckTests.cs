using Buildpacks.Platform.Diagnostics;
using Buildpacks.TestInfrastructure;
using Buildpacks.Platform.Execution.Local.Sandbox;

namespace Buildpacks.Platform.Tests.Execution.Local.Sandbox;

public sealed class SandboxCheckTests
{
    [Theory]
    [InlineData("bwrap: No permissions to creating new namespace, likely because the kernel does not allow non-privileged user namespaces. On e.g. debian this can be enabled with 'sysctl kernel.unprivileged_userns_clone=1'.")]
    [InlineData("bwrap: setting up uid map: Permission denied")]
    [InlineData("bwrap: Creating new namespace failed: Operation not permitted")]
    [InlineData("bwrap: Creating new namespace failed: No space left on device")]
    public void A_kernel_that_refuses_user_namespaces_is_BP8014_with_each_fix(string said)
    {
        var error = SandboxCheck.Classify(said);

        Assert.Equal("BP8014", error.Coded.Code);
        Assert.Contains(said, error.Coded.Text, StringComparison.Ordinal);
        Assert.Contains("kernel.apparmor_restrict_unprivileged_userns", error.Coded.Text, StringComparison.Ordinal);
        Assert.Contains("user.max_user_namespaces", error.Coded.Text, StringComparison.Ordinal);
        Assert.Contains("kernel.unprivileged_userns_clone", error.Coded.Text, StringComparison.Ordinal);
        Assert.Contains("BuildpackExecution=Container", error.Coded.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_failure_is_BP8015_with_what_bwrap_said()
    {
        var error = SandboxCheck.Classify("bwrap: Can't mount proc on /newroot/proc: Device or resource busy");

        Assert.Equal("BP8015", error.Coded.Code);
        Assert.Contains("Can't mount proc", error.Coded.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_bwrap_is_BP8013_naming_the_package_to_install()
    {
        var error = await Assert.ThrowsAsync<CodedException>(() => SandboxCheck.RequireAsync("/nonexistent/bwrap", CancellationToken.None));

        Assert.Equal("BP8013", error.Coded.Code);
        Assert.Contains("/nonexistent/bwrap", error.Coded.Text, StringComparison.Ordinal);
        Assert.Contains("apt-get install bubblewrap", error.Coded.Text, StringComparison.Ordinal);
        Assert.Contains("dnf install bubblewrap", error.Coded.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bwrap_that_cannot_start_a_sandbox_is_refused_with_what_it_said()
    {
        using var temp = new TempDirectory("sandbox-check");
        var fake = temp.WriteFile("bwrap", "#!/bin/sh\necho 'bwrap: setting up uid map: Permission denied' >&2\nexit 1\n");
        File.SetUnixFileMode(fake, (UnixFileMode)0b111_101_101);

        var error = await Assert.ThrowsAsync<CodedException>(() => SandboxCheck.RequireAsync(fake, CancellationToken.None));

        Assert.Equal("BP8014", error.Coded.Code);
    }

    [Fact]
    public async Task The_bwrap_of_this_machine_works()
    {
        Assert.EndsWith("bwrap", await SandboxCheck.RequireAsync(null, CancellationToken.None), StringComparison.Ordinal);
    }
}
