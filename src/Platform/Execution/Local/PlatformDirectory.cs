using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// Writes the build's platform directory (Platform API, "platform"): <c>env/&lt;NAME&gt;</c> files holding the values
/// of the build environment, and <c>bindings/&lt;name&gt;</c> service bindings. A read-only binding is copied, so a
/// buildpack cannot change the user's files; a writable one is a symbolic link to its source.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class PlatformDirectory
{
    /// <summary>Fills <paramref name="platformDirectory"/> (created) from <paramref name="request"/>.</summary>
    /// <exception cref="CodedException">BP1201, BP1202, BP1212 or BP1213 for environment or bindings Local mode cannot use.</exception>
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

        if (request.Bindings.Count == 0)
        {
            return;
        }

        var bindings = Directory.CreateDirectory(Path.Combine(platformDirectory, "bindings")).FullName;
        foreach (var binding in request.Bindings)
        {
            var name = BindingName(binding);
            if (!Directory.Exists(binding.Source))
            {
                throw CodedException.Of(Messages.InvalidBinding, binding.Source, "it is not a directory.");
            }

            var target = Path.Combine(bindings, name);
            if (Path.Exists(target))
            {
                throw CodedException.Of(Messages.LocalBindingDuplicate, name);
            }

            if (binding.ReadOnly)
            {
                CopyDirectory(binding.Source, target);
            }
            else
            {
                Directory.CreateSymbolicLink(target, Path.GetFullPath(binding.Source));
            }
        }
    }

    // "<name>" or "bindings/<name>" or "/platform/bindings/<name>"-like relative targets name the binding; an
    // absolute path is a mount into the build container's file system, which Local mode has not.
    private static string BindingName(BuildBinding binding)
    {
        var target = binding.Target.Replace('\\', '/').Trim();
        if (target.StartsWith('/'))
        {
            throw CodedException.Of(Messages.LocalBindingAbsoluteTarget, binding.Target);
        }

        var segments = target.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length > 1 && segments[0] == "bindings")
        {
            segments = segments[1..];
        }

        if (segments.Length != 1 || segments[0] is "." or "..")
        {
            throw CodedException.Of(Messages.LocalBindingAbsoluteTarget, binding.Target);
        }

        return segments[0];
    }

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(destination, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                // Kubernetes-style bindings (..data symlinks) stay links, resolved inside the copy.
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo directory)
            {
                CopyDirectory(directory.FullName, target);
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }
}
