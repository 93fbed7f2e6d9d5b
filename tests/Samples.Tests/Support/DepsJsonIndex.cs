using System.Text.Json;
using Buildpacks.Platform.Layering;

namespace Buildpacks.Samples.Tests.Support;

/// <summary>
/// Writes the layers index Buildpacks.MSBuild would write for a publish output that the tests published without it:
/// the files that deps.json attributes to a runtime pack or a NuGet package are what ResolvedFileToPublish would mark
/// with their package id; everything else in the directory is the app's.
/// </summary>
internal static class DepsJsonIndex
{
    /// <summary>Writes <c>&lt;app&gt;.layers.json</c> into <paramref name="appDir"/> and returns it.</summary>
    public static LayersIndex Write(string appDir, PublishedApp app, params CustomLayer[] custom)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var runtimePacks = new List<string>();
        var deps = Path.Combine(appDir, app.Name + ".deps.json");
        if (File.Exists(deps))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(deps));
            var libraries = document.RootElement.GetProperty("libraries");
            foreach (var target in document.RootElement.GetProperty("targets").EnumerateObject())
            {
                foreach (var library in target.Value.EnumerateObject())
                {
                    var type = libraries.GetProperty(library.Name).GetProperty("type").GetString();
                    if (type is not ("package" or "runtimepack"))
                    {
                        continue;
                    }

                    var id = library.Name[..library.Name.IndexOf('/', StringComparison.Ordinal)].Replace("runtimepack.", "", StringComparison.Ordinal);
                    if (type == "runtimepack")
                    {
                        runtimePacks.Add(id);
                    }

                    foreach (var assets in new[] { "runtime", "native" })
                    {
                        if (library.Value.TryGetProperty(assets, out var files))
                        {
                            foreach (var file in files.EnumerateObject())
                            {
                                owners[Path.GetFileName(file.Name)] = id;
                            }
                        }
                    }

                    if (library.Value.TryGetProperty("resources", out var resources))
                    {
                        foreach (var file in resources.EnumerateObject())
                        {
                            owners[file.Value.GetProperty("locale").GetString() + "/" + Path.GetFileName(file.Name)] = id;
                        }
                    }
                }
            }
        }

        var index = LayersIndex.Create(app, PublishedFileGroups.FilesIn(appDir), owners.Select(o => new PublishedFile(o.Key, o.Value)), runtimePacks, custom);
        File.WriteAllBytes(Path.Combine(appDir, LayersIndex.FileName(app.Name)), index.ToJson());
        return index;
    }
}
