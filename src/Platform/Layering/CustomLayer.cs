using System.Text.RegularExpressions;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution.AppFiles;

namespace Buildpacks.Platform.Layering;

/// <summary>
/// A layer group the user adds (a <c>BuildpackLayer</c> item: Include is the name, <c>Files</c> the patterns): the
/// published files its gitignore-style patterns match (the syntax of project.toml's include and exclude: <c>*</c>,
/// <c>?</c>, <c>**</c>, <c>[…]</c>, <c>!</c> to take a file back out, a pattern without '/' matching at any depth, a
/// directory matching everything below it). A '\' is read as '/', as MSBuild paths on Windows are written.
/// </summary>
public sealed partial class CustomLayer
{
    private readonly AppFileSelection _selection;

    private CustomLayer(string name, IReadOnlyList<string> patterns, AppFileSelection selection)
    {
        Name = name;
        Patterns = patterns;
        _selection = selection;
    }

    /// <summary>The group's name.</summary>
    public string Name { get; }

    /// <summary>The patterns as given, '\' turned to '/'.</summary>
    public IReadOnlyList<string> Patterns { get; }

    /// <summary>Parses a <c>BuildpackLayer</c> item: <paramref name="name"/> (its Include) and <paramref name="files"/> (its Files metadata, ';'-separated).</summary>
    /// <exception cref="CodedException">
    /// BP1080 for a name that is not a lowercase word or is one of the built-in groups, BP1081 for no patterns, BP7002
    /// for a malformed pattern.
    /// </exception>
    public static CustomLayer Parse(string name, string? files)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.Trim();
        if (!LayerName().IsMatch(trimmed) || LayersIndex.BuiltInGroups.Contains(trimmed))
        {
            throw CodedException.Of(Messages.InvalidLayerName, name);
        }

        var patterns = (files ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Replace('\\', '/'))
            .ToList();
        if (patterns.Count == 0)
        {
            throw CodedException.Of(Messages.LayerWithoutFiles, trimmed);
        }

        return new CustomLayer(trimmed, patterns, AppFileSelection.Create(patterns, exclude: null));
    }

    /// <summary>Whether the published file at <paramref name="relativePath"/> ('/'-separated) belongs to this group.</summary>
    public bool Matches(string relativePath) => _selection.Includes(relativePath, isDirectory: false);

    // A word that reads well in a log line and a file: lowercase letters, digits, '-', '_' and '.'.
    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex LayerName();
}
