using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;
using Buildpacks.TestInfrastructure.Registry;

namespace Buildpacks.Stack.Tests;

/// <summary>
/// The stack made once for all tests of a class: build/stack.sh run into a registry of its own (and an OCI layout), then
/// run a second time to see what a cached run does. The rootfs cache is the shared one, so CI pays the debootstrap once.
/// </summary>
public sealed class StackFixture : IAsyncLifetime
{
    private const string Prefix = "buildpacks-samples";
    private const string Tag = "bookworm";
    private readonly List<string> _pulled = [];
    private RegistryServer? _registry;

    /// <summary>The OCI layouts the first run wrote (layout/build, layout/run).</summary>
    public TempDirectory Layout { get; } = new("bp-stack-layout");

    public RegistryServer Registry => _registry ?? throw new InvalidOperationException("The fixture has not started.");

    public StackRun FirstRun { get; private set; } = null!;

    public StackRun SecondRun { get; private set; } = null!;

    public string BuildImage => $"{Registry.Address}/{Prefix}/build:{Tag}";

    public string RunImage => $"{Registry.Address}/{Prefix}/run:{Tag}";

    public string RunImageV2 => $"{Registry.Address}/{Prefix}/run:{Tag}-v2";

    public async Task InitializeAsync()
    {
        RequiredServices.RequireTool("skopeo");
        await RequiredServices.RequireDockerAsync();
        _registry = await RegistryServer.StartAsync();
        FirstRun = await StackScript.RunAsync("--registry", Registry.Address, "--layout", Layout.Path);
        FirstRun.Result.EnsureSuccess("build/stack.sh (first run)");
        SecondRun = await StackScript.RunAsync("--registry", Registry.Address);
        SecondRun.Result.EnsureSuccess("build/stack.sh (second run)");
    }

    /// <summary>Pulls <paramref name="image"/> into the Docker Engine (once) and runs <paramref name="command"/> in it.</summary>
    public async Task<string> RunInAsync(string image, params string[] command)
    {
        if (!_pulled.Contains(image))
        {
            await DockerTestCli.RunAsync("pull", "-q", image);
            _pulled.Add(image);
        }

        return (await DockerTestCli.RunContainerAsync(image, command)).Trim();
    }

    public async Task DisposeAsync()
    {
        await DockerTestCli.RemoveImagesAsync([.. _pulled]);
        Layout.Dispose();
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }
}
