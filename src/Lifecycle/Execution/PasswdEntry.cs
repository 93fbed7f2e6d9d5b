namespace Buildpacks.Lifecycle.Execution;

/// <summary>
/// A line of <c>/etc/passwd</c> (<c>name:password:uid:gid:gecos:home:shell</c>): where the creator takes the build user's
/// <c>HOME</c> and <c>USER</c>, and Local execution's sandbox the build user's home in the builder's file system.
/// </summary>
/// <param name="Name">The user name.</param>
/// <param name="Home">The home directory.</param>
public sealed record PasswdEntry(string Name, string Home)
{
    /// <summary>The entry of <paramref name="uid"/>, or null when the file or the user is missing.</summary>
    public static PasswdEntry? Find(string path, int uid)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var id = uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var line in File.ReadLines(path))
        {
            var fields = line.Split(':');
            if (fields.Length >= 7 && fields[2] == id)
            {
                return new PasswdEntry(fields[0], fields[5]);
            }
        }

        return null;
    }
}
