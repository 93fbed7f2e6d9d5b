using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution.Local.Sandbox;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// The build's platform directory (Platform API, "platform"): <c>env/&lt;NAME&gt;</c> files holding the values of the
/// build environment, written here; <c>bindings/&lt;name&gt;</c> service bindings, mounted by the sandbox over it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class PlatformDirectory
{
    /// <summary>Fills <paramref name="platformDirectory"/> (created) from <paramref name="request"/>.</summary>
    /// <exception cref="CodedException">BP8011 for an environment variable name that cannot be a file name.</exception>
    public static void Write(string platformDirectory, BuildRequest request)
    {
        var env = Directory.CreateDirectory(Path.Combine(platformDirectory, "env")).FullName;
        foreach (var (name, value) in request.Environment)
        {
            if (name.Length == 0 || name is "." or ".." || name.IndexOfAny(['/', '=', '\0']) >= 0)
            {
                throw CodedException.Of(Messages.LocalEnvironmentNameInvalid, name);
            }

            // Later entries win, as a later --env does in pack.
            File.WriteAllText(Path.Combine(env, name), value);
        }
    }

    /// <summary>
    /// The bindings of <paramref name="request"/> as the sandbox mounts them: each source at its path in the build
    /// (<see cref="BuildBinding.PathInBuild"/>, as Container execution mounts it), read-only unless asked.
    /// </summary>
    /// <exception cref="CodedException">BP1015 for a binding that cannot be mounted, BP8012 for two at one path.</exception>
    public static IReadOnlyList<SandboxMount> BindingMounts(BuildRequest request)
    {
        var mounts = new List<SandboxMount>();
        foreach (var binding in request.Bindings)
        {
            var path = binding.PathInBuild;
            if (mounts.Any(m => m.SandboxPath == path))
            {
                throw CodedException.Of(Messages.LocalBindingDuplicate, path);
            }

            mounts.Add(new SandboxMount(Path.GetFullPath(binding.Source), path, !binding.ReadOnly));
        }

        return mounts;
    }
}
