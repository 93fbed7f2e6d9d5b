namespace Buildpacks.Platform.Diagnostics;

/// <summary>
/// A failure whose cause is known and which the user can fix: it carries its <see cref="Messages"/> code, and the MSBuild
/// tasks report it as one coded error as it is. Thrown where the cause is known (a property, a builder, a daemon).
/// </summary>
public class CodedException : PlatformException
{
    /// <summary>Creates the exception from a formatted message.</summary>
    public CodedException(CodedMessage message, Exception? innerException = null)
        : base(message.ToString(), innerException)
    {
        Coded = message;
    }

    /// <summary>The code and text.</summary>
    public CodedMessage Coded { get; }

    /// <summary>Formats <paramref name="template"/> (a <see cref="Messages"/> constant) with <paramref name="args"/>.</summary>
    public static CodedException Of(string template, params object?[] args) => new(CodedMessage.Format(template, args));

    /// <summary>As <see cref="Of"/>, with the error that caused it.</summary>
    public static CodedException Because(Exception innerException, string template, params object?[] args)
        => new(CodedMessage.Format(template, args), innerException);
}
