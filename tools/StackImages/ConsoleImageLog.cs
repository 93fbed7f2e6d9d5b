using Buildpacks.Images;

namespace Buildpacks.Tools.StackImages;

/// <summary>The image engine's progress on stderr (stdout carries only the result lines); debug detail left out.</summary>
internal sealed class ConsoleImageLog : IImageLog
{
    public void Write(ImageLogLevel level, string message)
    {
        if (level != ImageLogLevel.Debug)
        {
            Console.Error.WriteLine($"[stack-images] {message}");
        }
    }
}
