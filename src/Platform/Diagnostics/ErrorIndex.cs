namespace Buildpacks.Platform.Diagnostics;

/// <summary>
/// Where each code is explained: docs/errors.md, one entry per code (generated from the <see cref="Messages"/> files,
/// a test holds it to them). Every error and warning the tasks and targets log carries its entry as its help link, so
/// an IDE or the terminal logger links the code to its cause and fix.
/// </summary>
public static class ErrorIndex
{
    /// <summary>The index's address on the project's site.</summary>
    public const string Address = "https://github.com/buildpacks-msbuild/buildpacks-msbuild/blob/main/docs/errors.md";

    /// <summary>The address of <paramref name="code"/>'s entry, e.g. <c>…/errors.md#bp1001</c> (the heading's anchor).</summary>
    public static string Link(string code)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        return $"{Address}#{code.ToLowerInvariant()}";
    }
}
