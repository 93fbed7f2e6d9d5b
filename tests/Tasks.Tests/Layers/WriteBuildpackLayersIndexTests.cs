using System.Text.Json;
using Buildpacks.MSBuild.Tasks.Layers;
using Buildpacks.TestInfrastructure;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Buildpacks.MSBuild.Tasks.Tests.Layers;

/// <summary>The task maps MSBuild's items onto the layers index and writes it into the publish directory.</summary>
public sealed class WriteBuildpackLayersIndexTests : IDisposable
{
    private readonly BuildEngineStub _engine = new();
    private readonly TempDirectory _publish = new("layers-task");

    public void Dispose() => _publish.Dispose();

    private static ITaskItem Item(string spec, params (string Name, string Value)[] metadata)
    {
        var item = new TaskItem(spec);
        foreach (var (name, value) in metadata)
        {
            item.SetMetadata(name, value);
        }

        return item;
    }

    private WriteBuildpackLayersIndex NewTask(params ITaskItem[] layers)
    {
        foreach (var file in new[] { "Shop", "Shop.dll", "libcoreclr.so", "Newtonsoft.Json.dll", "wwwroot/site.css" })
        {
            _publish.WriteFile(file, file);
        }

        return new WriteBuildpackLayersIndex
        {
            BuildEngine = _engine,
            PublishDirectory = _publish.Path,
            AppName = "Shop",
            SelfContained = true,
            RollForward = "LatestMajor",
            Files =
            [
                Item("/nuget/microsoft.netcore.app.runtime.linux-x64/libcoreclr.so", ("RelativePath", "libcoreclr.so"), ("NuGetPackageId", "Microsoft.NETCore.App.Runtime.linux-x64")),
                Item("/nuget/newtonsoft.json/lib/net6.0/Newtonsoft.Json.dll", ("RelativePath", "Newtonsoft.Json.dll"), ("NuGetPackageId", "Newtonsoft.Json")),
                Item("obj/Release/Shop.dll", ("RelativePath", "Shop.dll")),
            ],
            RuntimePacks = [Item("Microsoft.NETCore.App.Runtime.linux-x64", ("NuGetPackageId", "Microsoft.NETCore.App.Runtime.linux-x64"))],
            RuntimeFrameworks = [Item("Microsoft.NETCore.App", ("Version", "10.0.0"))],
            Layers = layers,
        };
    }

    [Fact]
    public void Items_become_the_index_of_the_publish_directory_files()
    {
        using var task = NewTask(Item("static-assets", ("Files", "wwwroot/**")));

        Assert.True(task.Execute(), string.Join('\n', _engine.Errors.Select(e => e.Message)));

        Assert.Equal(Path.Combine(_publish.Path, "Shop.layers.json"), task.IndexFile);
        using var index = JsonDocument.Parse(File.ReadAllText(task.IndexFile));
        var root = index.RootElement;
        Assert.Equal("Shop", root.GetProperty("app").GetString());
        Assert.True(root.GetProperty("selfContained").GetBoolean());
        Assert.Equal("LatestMajor", root.GetProperty("rollForward").GetString());
        Assert.Equal("10.0.0", root.GetProperty("frameworks")[0].GetProperty("version").GetString());
        var groups = root.GetProperty("layers").EnumerateArray()
            .ToDictionary(l => l.GetProperty("name").GetString()!, l => l.GetProperty("files").EnumerateArray().Select(f => f.GetString()).ToList());
        Assert.Equal(["runtime", "packages", "static-assets", "app"], groups.Keys);
        Assert.Equal(["libcoreclr.so"], groups["runtime"]);
        Assert.Equal(["Newtonsoft.Json.dll"], groups["packages"]);
        Assert.Equal(["wwwroot/site.css"], groups["static-assets"]);
        Assert.Equal(["Shop", "Shop.dll", "Shop.layers.json"], groups["app"]);
    }

    [Fact]
    public void Without_a_publish_directory_the_task_writes_nothing_and_leaves_the_error_to_the_image_step()
    {
        using var task = NewTask();
        task.PublishDirectory = Path.Combine(_publish.Path, "never-published");

        Assert.True(task.Execute());

        Assert.Empty(_engine.Errors);
        Assert.Equal("", task.IndexFile);
        Assert.False(Directory.Exists(task.PublishDirectory));
    }

    [Fact]
    public void A_layer_item_without_files_fails_the_task_with_one_coded_error()
    {
        using var task = NewTask(Item("static-assets"));

        Assert.False(task.Execute());

        Assert.Equal("BP1081", Assert.Single(_engine.Errors).Code);
        Assert.False(File.Exists(Path.Combine(_publish.Path, "Shop.layers.json")));
    }
}
