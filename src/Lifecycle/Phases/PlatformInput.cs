using Buildpacks.Lifecycle.Toml;

namespace Buildpacks.Lifecycle.Phases;

/// <summary>
/// Reads a file the platform hands a phase (order.toml, group.toml, plan.toml, analyzed.toml, system.toml). A file that
/// cannot be read or parsed ends the phase with the generic failure code, as in the reference lifecycle.
/// </summary>
internal static class PlatformInput
{
    public static T Read<T>(string path, Func<string, T> read)
    {
        try
        {
            return read(path);
        }
        catch (TomlFileException e)
        {
            throw new LifecycleException(LifecycleExitCodes.Failed, e.Message, e);
        }
        catch (IOException e)
        {
            throw new LifecycleException(LifecycleExitCodes.Failed, $"cannot read {path}: {e.Message}", e);
        }
    }
}
