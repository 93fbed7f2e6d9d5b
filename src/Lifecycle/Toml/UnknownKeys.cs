namespace Buildpacks.Lifecycle.Toml;

/// <summary>
/// What a <see cref="TomlDocument"/> does with a key that a table's reader did not declare (see
/// <see cref="TomlSection.ExpectKeys"/>). Each caller chooses when it loads the file, because the two sides of CNB
/// disagree on purpose.
/// </summary>
public enum UnknownKeys
{
    /// <summary>
    /// Tolerated: the rule for the lifecycle's data files (buildpack.toml, launch.toml, group.toml…), which newer
    /// buildpacks and platforms may extend, and for files that another tool wrote.
    /// </summary>
    Ignore,

    /// <summary>
    /// Rejected, naming the key and the keys allowed: the rule for a user's configuration (builder.toml, package.toml,
    /// project.toml), where a misspelt key silently ignored builds the wrong image.
    /// </summary>
    Reject,
}
