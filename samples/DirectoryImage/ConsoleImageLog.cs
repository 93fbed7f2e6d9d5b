using Buildpacks.Images;

namespace Buildpacks.Samples.DirectoryImage;

/// <summary>Prints the image engine's progress lines (debug detail left out).</summary>
internal sealed class ConsoleImageLog : IImageLog
{
    public void Write(ImageLogLevel level, string message)
    {
        if (level != ImageLogLevel.Debug)
        {
            Console.WriteLine($"  {message}");
        }
    }
}
