using Buildpacks.Images.Layers;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Buildpacks;
using Buildpacks.TestInfrastructure.Registry;

namespace Buildpacks.MSBuild.Tasks.Tests.Builders;

/// <summary>
/// What the builder task tests work with: a private registry holding a small build image, a directory with the
/// <see cref="HelloBuildpacks"/> (two components and a composite with its package.toml) and a lifecycle stand-in.
/// </summary>
public sealed class BuilderWorkspace : IAsyncLifetime
{
    public const int BuildUserId = 1000;
    private const string Busybox = "/bin/busybox";

    private RegistryServer? _registry;

    public TempDirectory Temp { get; } = new("bp-builder-tasks");

    public RegistryServer Registry => _registry ?? throw new InvalidOperationException("The workspace is not started.");

    /// <summary>The build image in the private registry.</summary>
    public string BuildImage => $"{Registry.Address}/fixtures/build:1";

    /// <summary>The build image without CNB_USER_ID / CNB_GROUP_ID.</summary>
    public string BuildImageWithoutUser => $"{Registry.Address}/fixtures/build:no-user";

    public string BuildpacksDirectory => Temp.Combine("buildpacks");

    public string UniverseDirectory => Temp.Combine("buildpacks", "hello-universe");

    public string LifecycleDirectory => Temp.Combine("lifecycle");

    public async Task InitializeAsync()
    {
        _registry = await RegistryServer.StartAsync();
        using var store = RegistryStore();
        await WriteBuildImageAsync(store, ImageReference.Parse(BuildImage), withUser: true);
        await WriteBuildImageAsync(store, ImageReference.Parse(BuildImageWithoutUser), withUser: false);
        HelloBuildpacks.WriteTo(BuildpacksDirectory);
        WriteLifecycleStandIn(LifecycleDirectory);
    }

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        Temp.Dispose();
    }

    /// <summary>A registry store for reading back what the tasks wrote (no host credentials).</summary>
    public static RegistryStore RegistryStore() => new(new RegistrySettings { DockerConfig = null });

    /// <summary>A fresh directory under the workspace for one test.</summary>
    public string NewDirectory(string name)
    {
        var path = Temp.Combine($"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>The [[buildpacks]] tables of hello-universe, hello-world and hello-moon (the universe's parts) as directories.</summary>
    public string UniverseBuildpacks => $"""
        [[buildpacks]]
        uri = "{UniverseDirectory}"

        [[buildpacks]]
        uri = "{Path.Combine(BuildpacksDirectory, "hello-world")}"

        [[buildpacks]]
        uri = "{Path.Combine(BuildpacksDirectory, "hello-moon")}"
        """;

    /// <summary>A builder.toml in a fresh directory, with <paramref name="buildpacks"/> as its [[buildpacks]] tables.</summary>
    public string WriteBuilderToml(string buildpacks, string? buildImage = null, string lifecycle = "", string extra = "")
    {
        var directory = NewDirectory("builder");
        var path = Path.Combine(directory, "builder.toml");
        File.WriteAllText(path, $"""
            description = "Builder made by the task tests"

            {buildpacks}

            [[order]]
            [[order.group]]
            id = "{HelloBuildpacks.UniverseId}"
            version = "{HelloBuildpacks.Version}"

            [build]
            image = "{buildImage ?? BuildImage}"

            [[run.images]]
            image = "{Registry.Address}/fixtures/run:1"
            {lifecycle}
            {extra}
            """);
        return path;
    }

    /// <summary>Stand-ins for the lifecycle binaries: the builder only carries them, so any executable will do.</summary>
    public static void WriteLifecycleStandIn(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var name in new[] { "lifecycle", "launcher" })
        {
            File.Copy(RequireBusybox(), Path.Combine(directory, name), overwrite: true);
            MakeExecutable(Path.Combine(directory, name));
        }
    }

    private static void MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)0x1ED); // 0755
        }
    }

    private static string RequireBusybox() =>
        File.Exists(Busybox) ? Busybox : throw new InvalidOperationException($"{Busybox} is missing. Run 'bash build/services.sh' to install it.");

    private async Task WriteBuildImageAsync(IImageStore store, ImageReference reference, bool withUser)
    {
        var entries = new List<LayerEntry>
        {
            LayerEntry.Directory("bin"),
            LayerEntry.File("bin/busybox", LayerEntryContent.FromFile(RequireBusybox()), LayerModes.Executable),
            LayerEntry.Symlink("bin/sh", "busybox"),
            LayerEntry.Directory("etc"),
            LayerEntry.TextFile("etc/passwd", $"root:x:0:0:root:/root:/bin/sh\ncnb:x:{BuildUserId}:{BuildUserId}:cnb:/home/cnb:/bin/sh\n"),
            LayerEntry.TextFile("etc/group", $"root:x:0:\ncnb:x:{BuildUserId}:\n"),
        };
        var layer = await LayerWriter.WriteEntriesAsync(entries, Temp.Combine($"build-layer-{Guid.NewGuid():N}.tar.gz"));
        var env = new List<string> { "PATH=/bin" };
        if (withUser)
        {
            env.Add($"CNB_USER_ID={BuildUserId}");
            env.Add($"CNB_GROUP_ID={BuildUserId}");
        }

        await store.WriteImageAsync(
            new ImageWriteRequest
            {
                Tags = [reference],
                Config = new ImageConfig
                {
                    Created = LayerWriteOptions.DefaultModificationTime,
                    Config = new ContainerConfig { User = $"{BuildUserId}:{BuildUserId}", Env = env },
                },
                Layers = [layer.ToLayerToWrite()],
            },
            CancellationToken.None);
    }
}
