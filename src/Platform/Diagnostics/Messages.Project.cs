namespace Buildpacks.Platform.Diagnostics;

/// <content>BP7xxx: project.toml and the app's file selection (include/exclude): BP70xx.</content>
public static partial class Messages
{
    /// <summary>{0}: where the two lists come from.</summary>
    public const string IncludeAndExclude = "BP7001: Both include and exclude are set ({0}); a build selects its app files with one of them. Remove one list.";

    /// <summary>{0}: the pattern, {1}: what is wrong with it.</summary>
    public const string InvalidGlob = "BP7002: The file pattern '{0}' is not a valid gitignore-style glob: {1}. Fix or remove the pattern.";

    /// <summary>{0}: the file, {1}: the 1-based line, {2}: the parser's message.</summary>
    public const string ProjectTomlMalformed = "BP7003: {0}:{1}: project.toml is not valid TOML: {2}. Fix the file, or remove it.";

    /// <summary>{0}: the file, {1}: the key, {2}: what is wrong and what was expected.</summary>
    public const string ProjectTomlInvalidKey = "BP7004: {0}: '{1}' {2} (the keys: https://buildpacks.io/docs/reference/config/project-descriptor/)";

    /// <summary>{0}: the file, {1}: the schema version.</summary>
    public const string ProjectTomlUnsupportedSchema = "BP7005: {0}: project.toml schema-version '{1}' is not supported; use 0.2 (the [_] table) or the legacy 0.1 ([project]).";

    /// <summary>{0}: the file, {1}: the reason.</summary>
    public const string ProjectTomlUnreadable = "BP7006: {0} cannot be read: {1}";

    /// <summary>{0}: the file, {1}: the key, {2}: what to do instead.</summary>
    public const string ProjectTomlUnsupported = "BP7007: {0}: '{1}' is not supported by Buildpacks.MSBuild: {2}";
}
