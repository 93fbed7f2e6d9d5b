using Buildpacks.Images.References;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution.Incremental;
using Buildpacks.Platform.Project;

namespace Buildpacks.Platform.Execution;

/// <summary>
/// Builds a publish's app image: the platform's one entry point for a host (the MSBuild task; the way Spring Boot's
/// <c>Builder</c> sits under its Maven and Gradle plugins). In order: project.toml is merged into the request (the
/// user's settings win), the publish output must exist, the incremental stamp may say nothing changed (then nothing
/// runs), the execution mode is chosen (<see cref="ExecutionSelection"/>), the build runs, and the stamp records it.
/// </summary>
/// <param name="host">What the machine offers (the daemon, Linux, the two modes).</param>
public sealed class ImageBuild(IExecutionHost host)
{
    /// <summary>A build service for this machine (<see cref="MachineExecutionHost"/>).</summary>
    public ImageBuild()
        : this(new MachineExecutionHost())
    {
    }

    /// <summary>Runs <paramref name="request"/>, reporting to <paramref name="log"/>.</summary>
    /// <exception cref="CodedException">Every failure the user can act on, with its code.</exception>
    public async Task<ImageBuildOutcome> RunAsync(ImageBuildRequest request, IBuildLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        var build = WithProjectDescriptor(request);
        if (!Directory.Exists(build.AppDirectory))
        {
            throw CodedException.Of(Messages.PublishDirectoryMissing, build.AppDirectory);
        }

        // Incremental: the same publish output and configuration as the last successful build give the same image.
        var fingerprint = request.StampPath is null ? null : await BuildFingerprint.ComputeAsync(build, cancellationToken).ConfigureAwait(false);
        if (fingerprint is not null && !request.Force
            && BuildStamp.TryRead(request.StampPath!) is { } stamp && stamp.IsUpToDate(fingerprint, build))
        {
            return new ImageBuildOutcome
            {
                Result = new BuildResult(stamp.Tags, stamp.ManifestDigest, stamp.ImageId),
                UpToDate = true,
                Summary = CodedMessage.Format(Messages.ImageUpToDate, build.Tags[0], stamp.ManifestDigest ?? stamp.ImageId, request.StampPath),
            };
        }

        var mode = await ExecutionSelection.ChooseAsync(request.Execution, build.Destination.Kind, build.DockerHost, host, cancellationToken).ConfigureAwait(false);
        var execution = mode == ExecutionChoice.Container ? host.Container() : host.Local();
        log.Progress($"Building {build.Tags[0]} with {build.Builder} ({mode} execution)");
        var result = await execution.BuildAsync(build, log, cancellationToken).ConfigureAwait(false);
        if (fingerprint is not null)
        {
            BuildStamp.Create(fingerprint, build, result).Write(request.StampPath!);
        }

        return new ImageBuildOutcome
        {
            Result = result,
            Summary = CodedMessage.Format(Messages.ImageBuilt, build.Tags[0], result.ManifestDigest ?? result.ImageId),
        };
    }

    // project.toml beside the project (build env, buildpacks, include/exclude, builder); the user's settings win.
    private static BuildRequest WithProjectDescriptor(ImageBuildRequest request)
    {
        var build = request.Build;
        if (ProjectDescriptorReader.TryReadFrom(build.ProjectDirectory) is not { } project)
        {
            return build;
        }

        if (!request.BuilderGiven && !string.IsNullOrWhiteSpace(project.Builder))
        {
            build = build with { Builder = ParseBuilder(project) };
        }

        return project.ApplyTo(build);
    }

    private static ImageReference ParseBuilder(ProjectDescriptor project)
    {
        try
        {
            return ImageReference.Parse(project.Builder!.Trim());
        }
        catch (InvalidImageReferenceException e)
        {
            throw CodedException.Of(Messages.InvalidBuilderName, project.Builder, $"{e.Reason}; from {project.FilePath}");
        }
    }
}
