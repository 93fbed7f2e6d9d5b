using System.Globalization;

namespace Buildpacks.Platform.Diagnostics;

/// <summary>A formatted message from <see cref="Messages"/>, split into its code and its text for MSBuild's logger.</summary>
/// <param name="Code">E.g. <c>BP1001</c>.</param>
/// <param name="Text">The message without the code prefix.</param>
public sealed record CodedMessage(string Code, string Text)
{
    /// <summary>Formats <paramref name="template"/> (a <see cref="Messages"/> constant) and splits off its code.</summary>
    public static CodedMessage Format(string template, params object?[] args)
    {
        var text = string.Format(CultureInfo.InvariantCulture, template, args);
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        return new CodedMessage(text[..colon], text[(colon + 2)..]);
    }

    /// <summary>The code's entry in the error index (<see cref="ErrorIndex"/>), for the logged error's help link.</summary>
    public string HelpLink => ErrorIndex.Link(Code);

    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Text}";
}
