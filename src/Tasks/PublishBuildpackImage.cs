using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Archive;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Lifecycle.Phases;
using Buildpacks.Lifecycle.Platform;
using Buildpacks.MSBuild.Tasks.Local;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform;
using Buildpacks.Platform.Builders;
using System.Runtime.InteropServices;
using Builder = Buildpacks.Platform.Builders.Builder;
using ImagePlatform = Buildpacks.Images.Model.Platform;

namespace Buildpacks.MSBuild.Tasks;

/// <summary>
/// Builds the publish output into an app image with buildpacks. Local execution only for now: the builder's buildpacks
/// and order are read from its registry, and our lifecycle runs in this process as the current user, buildpacks as
/// child processes, exporting to the registry, an OCI layout or an archive.
/// </summary>
public sealed partial class PublishBuildpackImage : BuildpackTask
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var request = PublishRequestMapping.Map(this);
        if (!Directory.Exists(request.AppDirectory))
        {
            throw CodedException.Of(Messages.PublishDirectoryMissing, request.AppDirectory);
        }

        if (!OperatingSystem.IsLinux())
        {
            throw CodedException.Of(Messages.LocalNeedsLinux, Environment.OSVersion.Platform);
        }

        using var registry = new RegistryStore(new RegistrySettings { InsecureRegistries = request.InsecureRegistries });
        var builder = await ReadBuilderAsync(registry, request, cancellationToken).ConfigureAwait(false);

        var scratch = Directory.CreateTempSubdirectory("bp-local-");
        try
        {
            var tree = await BuilderFileTree.ExtractAsync(builder, Path.Combine(scratch.FullName, "builder"), cancellationToken).ConfigureAwait(false);
            var layers = Directory.CreateDirectory(Path.Combine(scratch.FullName, "layers")).FullName;
            var platform = Directory.CreateDirectory(Path.Combine(scratch.FullName, "platform")).FullName;
            var options = new CreatorOptions
            {
                PlatformApi = PlatformApi.Latest,
                AppDir = request.AppDirectory,
                LayersDir = layers,
                BuildpacksDir = tree.BuildpacksDirectory,
                PlatformDir = platform,
                OrderPath = tree.OrderPath,
                BuildConfigDir = tree.BuildConfigDirectory,
                RunPath = File.Exists(tree.RunPath) ? tree.RunPath : null,
                RunImage = request.RunImage,
                Tags = request.Tags,
                Store = OpenDestination(request.Destination, registry),
                RunImageStore = registry,
                LauncherPath = tree.LauncherPath,
                ImageAppDir = PlatformDefaults.AppDir,
                ImageLayersDir = PlatformDefaults.LayersDir,
                Uid = builder.UserId,
                Gid = builder.GroupId,
                DefaultProcessType = request.DefaultProcess,
                ImagePlatform = request.Platform,
            };
            var log = new MSBuildLifecycleLog(Log);
            var result = await new Creator(options, log).RunAsync(cancellationToken).ConfigureAwait(false);
            BuildpackImageDigest = result.Image.ManifestDigest.ToString();
            LogSummary(CodedMessage.Format(Messages.ImageBuilt, request.Tags[0], BuildpackImageDigest));
        }
        finally
        {
            TryDelete(scratch);
        }
    }

    // What the lifecycle picks when no platform is given: linux on this machine's architecture.
    private static ImagePlatform ThisMachine => ImagePlatform.Parse($"linux/{RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}");

    private static async Task<Builder> ReadBuilderAsync(RegistryStore registry, PublishRequest request, CancellationToken cancellationToken)
    {
        var image = await registry.TryReadImageAsync(request.Builder, request.Platform ?? ThisMachine, cancellationToken).ConfigureAwait(false)
            ?? throw CodedException.Of(Messages.BuilderNotFound, request.Builder, registry.Description);
        try
        {
            return await BuilderReader.ReadAsync(image, cancellationToken).ConfigureAwait(false);
        }
        catch (PlatformException e)
        {
            throw new CodedException(CodedMessage.Format(Messages.InvalidBuilder, request.Builder, e.Message), e);
        }
    }

    private static IImageStore OpenDestination(ImageDestination destination, RegistryStore registry) => destination.Kind switch
    {
        ImageDestinationKind.Registry => registry,
        ImageDestinationKind.Layout => new OciLayoutImageStore(destination.Path!),
        _ => new ImageArchiveStore(destination.Path!),
    };

    private void TryDelete(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, $"Could not remove {directory.FullName}: {e.Message}");
        }
    }
}
