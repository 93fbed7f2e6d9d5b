using System.Runtime.InteropServices;

namespace Buildpacks.Lifecycle.Launch;

/// <summary>
/// NUL-terminated UTF-8 copies of strings in unmanaged memory, for the <c>char*</c> and <c>char*[]</c> parameters of
/// <see cref="LibC"/>. An array ends with a null pointer, as <c>argv</c> and <c>envp</c> must.
/// </summary>
internal sealed class NativeStrings : IDisposable
{
    private readonly List<IntPtr> _allocations = [];

    /// <summary>One string.</summary>
    public IntPtr Add(string value)
    {
        var pointer = Marshal.StringToCoTaskMemUTF8(value);
        _allocations.Add(pointer);
        return pointer;
    }

    /// <summary>A null-terminated array of strings.</summary>
    public IntPtr[] AddArray(IEnumerable<string> values) => [.. values.Select(Add), IntPtr.Zero];

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var pointer in _allocations)
        {
            Marshal.FreeCoTaskMem(pointer);
        }

        _allocations.Clear();
    }
}
