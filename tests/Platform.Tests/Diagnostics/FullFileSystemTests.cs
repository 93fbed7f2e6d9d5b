using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Tests.Diagnostics;

public sealed class FullFileSystemTests
{
    private static readonly string Full = Path.Combine(Path.GetTempPath(), "bp-full", "layer.tar");

    // How .NET on Linux reports ENOSPC: the errno as HResult, the file in the message.
    private static IOException NoSpace(int errno = 28) => new($"No space left on device : '{Full}'", errno);

    [Fact]
    public void A_full_file_system_behind_a_step_s_own_error_is_BP4010_naming_the_path_and_its_room()
    {
        var wrapped = CodedException.Because(NoSpace(), Messages.LocalAppCopyFailed, "/app/App.dll", "No space left on device");

        var message = FailureMessages.For(wrapped, "Building the image");

        Assert.Equal("BP4010", message.Code);
        Assert.Contains($"'{Full}'", message.Text, StringComparison.Ordinal);
        Assert.Matches(@"\(\d+(\.\d)? [KMG]B free of \d+(\.\d)? [KMG]B\)", message.Text);
        Assert.Contains("Building the image stopped there", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void What_the_failed_step_needed_is_said_when_it_recorded_it()
    {
        var cause = NoSpace();
        cause.Data[FullFileSystem.NeededKey] = 3L * 1024 * 1024;

        var message = FailureMessages.For(CodedException.Because(cause, Messages.LocalAppCopyFailed, "/app/App.dll", "No space left on device"), "Building the image");

        Assert.Contains("; it needed at least 3 MB)", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quota_counts_and_so_does_a_cause_among_several()
    {
        Assert.Equal("BP4010", FailureMessages.For(new AggregateException(new InvalidOperationException("other"), new IOException("wrapped", NoSpace(122))), "Building the image").Code);
    }

    [Fact]
    public void Other_I_O_errors_keep_their_own_message()
    {
        var denied = CodedException.Because(new IOException($"Permission denied : '{Full}'", 13), Messages.LocalAppCopyFailed, "/app/App.dll", "Permission denied");

        Assert.Equal(Messages.LocalAppCopyFailed[..6], FailureMessages.For(denied, "Building the image").Code);
        Assert.Null(FullFileSystem.In(new IOException("No space left on device", 28)));
    }
}
