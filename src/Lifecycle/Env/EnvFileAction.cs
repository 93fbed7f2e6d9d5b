namespace Buildpacks.Lifecycle.Env;

/// <summary>
/// What an environment file does to its variable, chosen by the file name's suffix (Buildpack API, "Environment
/// Variable Modification Rules").
/// </summary>
public enum EnvFileAction
{
    /// <summary><c>NAME.override</c>: replace the value.</summary>
    Override,

    /// <summary><c>NAME.default</c>: set the value only if the variable is empty.</summary>
    Default,

    /// <summary><c>NAME.append</c>: existing value, delimiter, file contents.</summary>
    Append,

    /// <summary><c>NAME.prepend</c>: file contents, delimiter, existing value.</summary>
    Prepend,

    /// <summary><c>NAME.</c> (empty suffix, legacy): prepend with the path-list separator unless a <c>.delim</c> exists.</summary>
    PrependPath,
}
