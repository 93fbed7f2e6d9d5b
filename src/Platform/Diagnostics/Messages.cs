namespace Buildpacks.Platform.Diagnostics;

/// <summary>
/// Every message the platform and the MSBuild tasks log as an error or warning, each prefixed with its code: the one
/// place codes live, one file per range, each file's range in its header (a test holds every code to its file's
/// range). Ranges: BP1xxx the tasks' MSBuild properties and items (Messages.Inputs.cs), BP2xxx registries, images,
/// builders and buildpacks (Messages.Images.cs), BP3xxx the Docker daemon and Container execution
/// (Messages.Daemon.cs), BP4xxx the lifecycle and the build (Messages.Lifecycle.cs), BP5xxx rebase
/// (Messages.Rebase.cs), BP6xxx making builders and buildpack packages (Messages.Builders.cs), BP7xxx project.toml and
/// the app's file selection (Messages.Project.cs), BP8xxx Local execution (Messages.Local.cs), BP9xxx the unexpected
/// (this file).
/// Formatted with <see cref="CodedMessage.Format(string, object?[])"/>.
/// </summary>
public static partial class Messages
{
    /// <summary>{0}: the work that failed (e.g. "Building the image"), {1}: the exception's type and message.</summary>
    public const string Unexpected = "BP9001: {0} failed unexpectedly: {1}";
}
