using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Archive;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Lifecycle.Phases;
using Buildpacks.Lifecycle.Platform;
using Buildpacks.Platform;
using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;
using System.Runtime.InteropServices;
using ImagePlatform = Buildpacks.Images.Model.Platform;

namespace Buildpacks.MSBuild.Tasks.Local;

/// <summary>
/// The first Local execution, kept only until src/Platform's LocalExecution replaces it: builder from its registry,
/// /cnb extracted per build, in-process creator, registry/layout/archive destinations.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class InterimLocalExecution : IBuildExecution
{
    /// <inheritdoc />
    public async Task<BuildResult> BuildAsync(BuildRequest request, IBuildLog log, CancellationToken cancellationToken)
    {
        using var registry = new RegistryStore(new RegistrySettings { InsecureRegistries = request.InsecureRegistries });
        var platform = request.Platform ?? ImagePlatform.Parse($"linux/{RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}");
        var image = await registry.TryReadImageAsync(request.Builder, platform, cancellationToken).ConfigureAwait(false)
            ?? throw CodedException.Of(Messages.BuilderNotFound, request.Builder, registry.Description);
        Buildpacks.Platform.Builders.Builder builder;
        try
        {
            builder = await BuilderReader.ReadAsync(image, cancellationToken).ConfigureAwait(false);
        }
        catch (PlatformException e)
        {
            throw CodedException.Because(e, Messages.InvalidBuilder, request.Builder, e.Message);
        }

        var scratch = Directory.CreateTempSubdirectory("bp-local-");
        try
        {
            var tree = await BuilderFileTree.ExtractAsync(builder, Path.Combine(scratch.FullName, "builder"), cancellationToken).ConfigureAwait(false);
            var options = new CreatorOptions
            {
                PlatformApi = PlatformApi.Latest,
                AppDir = request.AppDirectory,
                LayersDir = Directory.CreateDirectory(Path.Combine(scratch.FullName, "layers")).FullName,
                BuildpacksDir = tree.BuildpacksDirectory,
                PlatformDir = Directory.CreateDirectory(Path.Combine(scratch.FullName, "platform")).FullName,
                OrderPath = tree.OrderPath,
                BuildConfigDir = tree.BuildConfigDirectory,
                RunPath = File.Exists(tree.RunPath) ? tree.RunPath : null,
                RunImage = request.RunImage?.ToString(),
                Tags = request.Tags,
                Store = request.Destination.Kind switch
                {
                    ImageDestinationKind.Registry => registry,
                    ImageDestinationKind.Layout => new OciLayoutImageStore(request.Destination.Path!),
                    ImageDestinationKind.Archive => new ImageArchiveStore(request.Destination.Path!),
                    _ => throw CodedException.Of(Messages.NoDestination, "(not tried: this Local execution writes no daemon)"),
                },
                RunImageStore = registry,
                LauncherPath = tree.LauncherPath,
                ImageAppDir = request.ImageAppDirectory,
                ImageLayersDir = PlatformDefaults.LayersDir,
                Uid = builder.UserId,
                Gid = builder.GroupId,
                DefaultProcessType = request.DefaultProcess,
                ImagePlatform = request.Platform,
            };
            var result = await new Creator(options, log).RunAsync(cancellationToken).ConfigureAwait(false);
            return new BuildResult(request.Tags.Select(t => t.ToString()).ToList(), result.Image.ManifestDigest.ToString(), result.Image.ImageId.ToString());
        }
        finally
        {
            try
            {
                scratch.Delete(recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.Progress($"Could not remove {scratch.FullName}: {e.Message}");
            }
        }
    }
}
