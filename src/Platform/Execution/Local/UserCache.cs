namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// Where Local execution keeps what outlives a build: <c>${XDG_CACHE_HOME:-~/.cache}/buildpacks-msbuild</c>, with the
/// extracted builders under <c>builders/</c> and the default build caches under <c>cache/</c>.
/// </summary>
public static class UserCache
{
    /// <summary>The root directory (not created).</summary>
    public static string DefaultRoot
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrEmpty(root))
            {
                root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            }

            return Path.Combine(root, "buildpacks-msbuild");
        }
    }
}
