namespace Buildpacks.Lifecycle.Logging;

/// <summary>One line printed by a buildpack executable.</summary>
/// <param name="BuildpackId">The buildpack's id.</param>
/// <param name="BuildpackVersion">The buildpack's version.</param>
/// <param name="Executable">Which executable printed it: <c>detect</c> or <c>build</c>.</param>
/// <param name="Stream">Standard output or standard error.</param>
/// <param name="Text">The line without its terminator.</param>
public sealed record BuildpackOutputLine(
    string BuildpackId,
    string BuildpackVersion,
    BuildpackExecutable Executable,
    BuildpackOutputStream Stream,
    string Text);

/// <summary>The buildpack executables of the Buildpack API.</summary>
public enum BuildpackExecutable
{
    /// <summary><c>bin/detect</c>.</summary>
    Detect,

    /// <summary><c>bin/build</c>.</summary>
    Build,
}

/// <summary>The stream a line came from.</summary>
public enum BuildpackOutputStream
{
    /// <summary>Standard output.</summary>
    StandardOutput,

    /// <summary>Standard error.</summary>
    StandardError,
}
