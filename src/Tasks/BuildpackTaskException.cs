using Buildpacks.MSBuild.Tasks.Resources;

namespace Buildpacks.MSBuild.Tasks;

/// <summary>A failure the task reports as one coded error; thrown where the cause is known.</summary>
internal sealed class BuildpackTaskException : Exception
{
    public BuildpackTaskException(CodedMessage message, Exception? innerException = null)
        : base(message.ToString(), innerException)
    {
        Coded = message;
    }

    public CodedMessage Coded { get; }

    public static BuildpackTaskException Of(string template, params object?[] args) => new(CodedMessage.Format(template, args));
}
