namespace Buildpacks.Platform.Diagnostics;

/// <summary>
/// Every message the platform and the MSBuild tasks log as an error or warning, each prefixed with its code: the one
/// place codes live, one file per range. Ranges: BP1xxx task inputs and properties (Messages.Inputs.cs), BP2xxx
/// registries, images and builders (Messages.Images.cs), BP3xxx the Docker daemon and Container execution
/// (Messages.Daemon.cs), BP4xxx the lifecycle and the build (Messages.Lifecycle.cs), BP5xxx rebase
/// (Messages.Rebase.cs), BP6xxx making builders and buildpack packages (Messages.Builders.cs), BP9xxx the unexpected.
/// Formatted with <see cref="CodedMessage.Format(string, object?[])"/>.
/// </summary>
public static partial class Messages
{
    /// <summary>{0}: the exception's type and message.</summary>
    public const string Unexpected = "BP9001: Building the image failed unexpectedly: {0}";
}
