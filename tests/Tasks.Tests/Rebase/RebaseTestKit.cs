using System.Net;
using System.Net.Sockets;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.TestInfrastructure;
using Microsoft.Build.Framework;

namespace Buildpacks.MSBuild.Tasks.Tests.Rebase;

/// <summary>Runs the task in-process, makes image variants, and runs images under docker for the rebase tests.</summary>
internal static class RebaseTestKit
{
    /// <summary>Runs <see cref="BuildpackRebase"/> configured by <paramref name="configure"/>.</summary>
    public static (bool Succeeded, BuildEngineStub Engine, BuildpackRebase Task) Run(Action<BuildpackRebase> configure)
    {
        var engine = new BuildEngineStub();
        var task = new BuildpackRebase { BuildEngine = engine };
        configure(task);
        var succeeded = task.Execute();
        task.Dispose();
        return (succeeded, engine, task);
    }

    /// <summary>The high-importance lines the task logged (its report lines).</summary>
    public static List<string> Reports(BuildEngineStub engine) =>
        engine.Messages.Where(m => m.Importance == MessageImportance.High).Select(m => m.Message ?? "").ToList();

    /// <summary>Writes <paramref name="source"/> with its config changed by <paramref name="change"/> (same layers) under <paramref name="target"/>.</summary>
    public static async Task<ImageReference> WriteVariantAsync(IImageStore store, StoredImage source, ImageReference target, Func<ImageConfig, ImageConfig> change)
    {
        await store.WriteImageAsync(
            new ImageWriteRequest
            {
                Tags = [target],
                Config = change(source.Config),
                Layers = source.Layers.Select(l => LayerToWrite.From(source, l)).ToList(),
                ManifestMediaType = source.ManifestDescriptor.MediaType,
            },
            CancellationToken.None);
        return target;
    }

    /// <summary><paramref name="config"/> with label <paramref name="key"/> set to <paramref name="value"/> (removed when null).</summary>
    public static ImageConfig WithLabel(ImageConfig config, string key, string? value)
    {
        var labels = new Dictionary<string, string>(config.Config.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (value is null)
        {
            labels.Remove(key);
        }
        else
        {
            labels[key] = value;
        }

        return config with { Config = config.Config with { Labels = labels } };
    }

    /// <summary>The run image marker file of <paramref name="image"/> (v1 or v2), read with docker.</summary>
    public static async Task<string> RunImageMarkerAsync(string image)
    {
        var result = await RunDocker(["run", "--rm", "--network", "none", "--entrypoint", "cat", image, "/etc/buildpacks-run-image-version"]);
        return result.EnsureSuccess($"reading the marker file of {image}").StandardOutput.Trim();
    }

    /// <summary>Starts <paramref name="image"/> with docker on a free loopback port and returns what it answers on /.</summary>
    public static async Task<string> AppAnswerAsync(string image)
    {
        var port = FreePort();
        var container = $"bp-rebase-app-{Guid.NewGuid():N}";
        try
        {
            (await RunDocker(["run", "-d", "--name", container, "--network", "host", "-e", $"ASPNETCORE_HTTP_PORTS={port}", image])).EnsureSuccess($"docker run {image}");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                try
                {
                    return await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/"));
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(300);
                }
                catch (HttpRequestException e)
                {
                    var logs = await RunDocker(["logs", container]);
                    throw new InvalidOperationException($"{image} did not answer on port {port}: {e.Message}\n{logs.StandardOutput}{logs.StandardError}", e);
                }
            }
        }
        finally
        {
            await RunDocker(["rm", "--force", container]);
        }
    }

    /// <summary>Runs the docker CLI against the test daemon.</summary>
    public static Task<ProcessResult> RunDocker(IEnumerable<string> arguments) =>
        ProcessRunner.RunAsync("docker", ["-H", "unix://" + RequiredServices.DockerSocket, .. arguments], timeout: TimeSpan.FromMinutes(5));

    /// <summary>The layers' blob digests.</summary>
    public static List<Digest> Blobs(IEnumerable<ImageLayer> layers) => layers.Select(l => l.Blob.Digest).ToList();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
