using System.Runtime.InteropServices;

namespace Buildpacks.TestInfrastructure;

/// <summary>
/// Sets this process's umask for a test, and restores it: for code that must give the same modes whatever the umask
/// of the user who runs it. The umask is the whole process's, so a test that sets it belongs to a collection that runs
/// alone (<see cref="CollectionName"/>, declared with parallelisation disabled in each test project that uses it).
/// </summary>
public sealed partial class ProcessUmask : IDisposable
{
    /// <summary>The name of the collection of tests that change the umask.</summary>
    public const string CollectionName = "Tests that change the process umask";

    private readonly uint _previous;

    private ProcessUmask(uint mask) => _previous = SetMask(mask);

    /// <summary>Sets the umask to <paramref name="mask"/> until the result is disposed.</summary>
    public static ProcessUmask Set(UnixFileMode mask) => new((uint)mask);

    /// <inheritdoc />
    public void Dispose() => SetMask(_previous);

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint SetMask(uint mask);
}
