using Buildpacks.Platform.Execution.AppFiles;
using Buildpacks.Platform.Execution.Local;
using Buildpacks.TestInfrastructure;
using Xunit;

namespace Buildpacks.Platform.Tests.Execution.Local;

/// <summary>
/// The app directory a Local build keeps between builds: a sync copies what changed, keeps what did not, removes what
/// the last build's buildpacks added or the selection no longer takes, and leaves the tree a fresh copy gives.
/// </summary>
public sealed class AppDirectorySyncTests : IDisposable
{
    private readonly TempDirectory _temp = new("app-sync");

    public AppDirectorySyncTests()
    {
        _temp.WriteFile("publish/App.dll", "app v1");
        _temp.WriteFile("publish/App.pdb", "symbols");
        _temp.WriteFile("publish/Lib.dll", "a library");
        _temp.WriteFile("publish/wwwroot/site.css", "body {}");
        File.WriteAllText(_temp.Combine("publish", "App"), "apphost");
        File.SetUnixFileMode(_temp.Combine("publish", "App"), (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(_temp.Combine("publish", "current"), "App");
    }

    public void Dispose() => _temp.Dispose();

    private string Publish => _temp.Combine("publish");

    private string Kept => _temp.Combine("kept");

    [Fact]
    public async Task An_unchanged_publish_copies_nothing_and_a_code_change_copies_one_file()
    {
        var first = await AppDirectorySync.SyncAsync(Publish, Kept, AppFileSelection.All, CancellationToken.None);
        var unchanged = await AppDirectorySync.SyncAsync(Publish, Kept, AppFileSelection.All, CancellationToken.None);
        File.WriteAllText(_temp.Combine("publish", "App.dll"), "app v2, longer");
        var edited = await AppDirectorySync.SyncAsync(Publish, Kept, AppFileSelection.All, CancellationToken.None);

        Assert.Equal(new AppDirectorySync.Outcome(6, 0, 0), first);
        Assert.Equal(new AppDirectorySync.Outcome(0, 6, 0), unchanged);
        Assert.Equal(new AppDirectorySync.Outcome(1, 5, 0), edited);
        Assert.Equal("app v2, longer", File.ReadAllText(Path.Combine(Kept, "App.dll")));
        Assert.Equal(await FreshCopyAsync(AppFileSelection.All), Tree(Kept));
    }

    [Fact]
    public async Task What_the_last_build_changed_added_or_locked_is_put_back_as_a_fresh_copy_has_it()
    {
        await AppDirectorySync.SyncAsync(Publish, Kept, AppFileSelection.All, CancellationToken.None);

        // What a buildpack may do to the app directory during a build.
        File.WriteAllText(Path.Combine(Kept, "generated.json"), "{}");
        Directory.CreateDirectory(Path.Combine(Kept, "cache", "deep"));
        File.WriteAllText(Path.Combine(Kept, "cache", "deep", "x"), "x");
        File.SetUnixFileMode(Path.Combine(Kept, "cache", "deep"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(Kept, "Lib.dll"), "patch!!!!");          // same length, new time
        File.SetUnixFileMode(Path.Combine(Kept, "App"), UnixFileMode.UserRead); // read-only now
        File.SetUnixFileMode(Path.Combine(Kept, "wwwroot"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        File.Delete(Path.Combine(Kept, "current"));
        File.CreateSymbolicLink(Path.Combine(Kept, "current"), "Lib.dll");

        var outcome = await AppDirectorySync.SyncAsync(Publish, Kept, AppFileSelection.All, CancellationToken.None);

        Assert.Equal(new AppDirectorySync.Outcome(3, 3, 2), outcome);
        Assert.Equal(await FreshCopyAsync(AppFileSelection.All), Tree(Kept));
    }

    [Fact]
    public async Task A_selection_that_no_longer_takes_a_file_removes_it()
    {
        await AppDirectorySync.SyncAsync(Publish, Kept, AppFileSelection.All, CancellationToken.None);
        var selection = AppFileSelection.Create([], ["*.pdb", "wwwroot"]);

        var outcome = await AppDirectorySync.SyncAsync(Publish, Kept, selection, CancellationToken.None);

        Assert.Equal(2, outcome.Removed);
        Assert.Equal(await FreshCopyAsync(selection), Tree(Kept));
    }

    private async Task<List<string>> FreshCopyAsync(AppFileSelection selection)
    {
        var fresh = _temp.Combine($"fresh-{Guid.NewGuid():N}");
        await AppDirectoryCopy.CopyAsync(Publish, fresh, selection, CancellationToken.None);
        return Tree(fresh);
    }

    // Every entry: path, kind, mode, and content or link target (what an image's layer takes from the directory).
    private static List<string> Tree(string root) =>
        [.. new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .Select(e => $"{Path.GetRelativePath(root, e.FullName)} {e.UnixFileMode} " + (e.LinkTarget is { } link ? $"-> {link}" : e is FileInfo f ? File.ReadAllText(f.FullName) : "dir"))
            .Order(StringComparer.Ordinal)];
}
