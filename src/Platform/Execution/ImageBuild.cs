using Buildpacks.Images.References;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution.Incremental;
using Buildpacks.Platform.Inputs;
using Buildpacks.Platform.Project;

namespace Buildpacks.Platform.Execution;

/// <summary>
/// Builds a publish's app image: the platform's one entry point for a host (the MSBuild task; the way Spring Boot's
/// <c>Builder</c> sits under its Maven and Gradle plugins). In order: project.toml is merged into the request (the
/// user's settings win), the created time is fixed (the user's, else SOURCE_DATE_EPOCH's, else the reproducible
/// constant, and labelled so), the publish output must exist and the output paths must be usable
/// (<see cref="OutputPaths"/>), the incremental stamp may say nothing changed and the images it records may still be
/// as they were (<see cref="StampCheck"/>; then nothing runs), the execution mode is chosen
/// (<see cref="ExecutionSelection"/>), the build runs, and the stamp records it.
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
        var build = WithCreatedTime(WithProjectDescriptor(request), request.CreatedLabel, log);
        if (!Directory.Exists(build.AppDirectory))
        {
            throw CodedException.Of(Messages.PublishDirectoryMissing, build.AppDirectory);
        }

        OutputPaths.Check(build);
        SecretBindings.Check(build.Secrets, build.Bindings);

        // From here to the stamp, one build of this image name at a time: a second publish waits for the first, then
        // finds what it built.
        using var exclusive = await ImageBuildLock.AcquireAsync(host.BuildLockDirectory, build.Tags[0], log, cancellationToken).ConfigureAwait(false);

        // Incremental: the same publish output and configuration as the last successful build give the same image,
        // as long as that image is still where it went and the builder and run image names still mean what they did.
        var checking = StepTimer.Start(log, "The up-to-date check");
        var fingerprint = request.StampPath is null ? null : await BuildFingerprint.ComputeAsync(build, cancellationToken, Path.ChangeExtension(request.StampPath, ".files.json")).ConfigureAwait(false);
        var stamp = fingerprint is null || request.Force ? null : BuildStamp.TryRead(request.StampPath!);
        var upToDate = stamp is not null && stamp.IsUpToDate(fingerprint!, build)
            && await StillAsBuiltAsync(stamp, build, log, cancellationToken).ConfigureAwait(false);
        checking.Dispose();
        if (upToDate && stamp is not null)
        {
            return new ImageBuildOutcome
            {
                Result = new BuildResult(stamp.Tags, stamp.ManifestDigest, stamp.ImageId) { Inputs = stamp.Inputs },
                UpToDate = true,
                Summary = CodedMessage.Format(Messages.ImageUpToDate, build.Tags[0], stamp.ManifestDigest ?? stamp.ImageId, request.StampPath),
            };
        }

        // A foreign platform's buildpacks run under emulation in either execution: say how to enable it before anything runs.
        if (build.Platform is { } platform)
        {
            MultiPlatform.Emulation.Require(platform);
        }

        var mode = await ExecutionSelection.ChooseAsync(request.Execution, build.Destination.Kind, build.DockerHost, host, cancellationToken).ConfigureAwait(false);
        var execution = mode == ExecutionChoice.Container ? host.Container() : host.Local();
        log.Progress($"Building {build.Tags[0]} with {build.Builder} ({mode} execution)");
        // Local execution keeps its copy of the app beside the stamp (obj/): an edit copies only what it changed.
        if (request.StampPath is { } stampPath && build.KeptAppDirectory is null)
        {
            build = build with { KeptAppDirectory = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(stampPath))!, "buildpack-app") };
        }

        var result = await BuildWithSecretsAsync(execution, build, log, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Starts, in the background, what the build of <paramref name="request"/> will begin with (see
    /// <see cref="IBuildExecution.PrepareAsync"/>), and returns at once: the publish calls this before it compiles, so
    /// that a Local build's first use of a builder does not wait for its file system. Silent and best effort; the
    /// build reports every failure itself.
    /// </summary>
    public void StartPreparing(ImageBuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        _ = Task.Run(() => PrepareAsync(request, CancellationToken.None));
    }

    /// <summary>What <see cref="StartPreparing"/> runs; completes when the preparation has ended (or failed, silently).</summary>
    public async Task PrepareAsync(ImageBuildRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var build = WithProjectDescriptor(request);
            if (build.Platform is { } platform)
            {
                MultiPlatform.Emulation.Require(platform);
            }

            var mode = await ExecutionSelection.ChooseAsync(request.Execution, build.Destination.Kind, build.DockerHost, host, cancellationToken).ConfigureAwait(false);
            var execution = mode == ExecutionChoice.Container ? host.Container() : host.Local();
            await execution.PrepareAsync(build, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The build meets the same failure, and reports it.
        }
    }

    // The secrets are read and written as bindings only now, when a build runs, and gone when it ends; what the build
    // prints, and the error it may end with, has them taken out.
    private static async Task<BuildResult> BuildWithSecretsAsync(IBuildExecution execution, BuildRequest build, IBuildLog log, CancellationToken cancellationToken)
    {
        if (build.Secrets.Count == 0)
        {
            return await execution.BuildAsync(build, log, cancellationToken).ConfigureAwait(false);
        }

        if (OperatingSystem.IsWindows())
        {
            throw CodedException.Of(Messages.InvalidSecret, build.Secrets[0].Variable, "secrets are given to the build as bindings, which need Linux or macOS.");
        }

        using var secrets = SecretBindings.Write(build.Secrets, build.Bindings, Environment.GetEnvironmentVariable);
        try
        {
            return await execution.BuildAsync(build with { Bindings = [.. build.Bindings, .. secrets.Bindings] }, new RedactingBuildLog(log, secrets), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && secrets.Appears(e.Message))
        {
            // As the host would report it (a buildpack's failure carries its last lines), less the secrets; its cause is
            // left out: it may hold them too.
            var message = FailureMessages.For(e, "Building the image");
            throw new CodedException(message with { Text = secrets.Redact(message.Text) });
        }
    }

    private async Task<bool> StillAsBuiltAsync(BuildStamp stamp, BuildRequest build, IBuildLog log, CancellationToken cancellationToken)
    {
        if (await StampCheck.WhatChangedAsync(stamp, build, host, cancellationToken).ConfigureAwait(false) is not { } change)
        {
            return true;
        }

        log.Progress($"The publish output and configuration are unchanged, but {change}: building the image again");
        return false;
    }

    // One created time for the whole build: the image's config, its history and the created label agree, and both
    // execution modes use it (a lifecycle in a container gets it as SOURCE_DATE_EPOCH).
    private static BuildRequest WithCreatedTime(BuildRequest build, bool label, IBuildLog log)
    {
        var created = build.Created ?? Lifecycle.Export.CreatedTime.FromSourceDateEpoch(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), log);
        if (!label || build.Labels.Any(l => l.Key == Labels.LabelNames.Created))
        {
            return build with { Created = created };
        }

        var value = created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return build with { Created = created, Labels = [new(Labels.LabelNames.Created, value), .. build.Labels] };
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
