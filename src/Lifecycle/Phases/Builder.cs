using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.BuildPlan;
using Buildpacks.Lifecycle.Env;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Launch;
using Buildpacks.Lifecycle.Layers;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Phases;

/// <summary>
/// The build phase (Platform API, "builder"; Buildpack API, "Phase #3: Build"): runs each buildpack of the group in
/// order with its part of the build plan, each seeing the build layers of the ones before it, then copies the SBOM
/// files and writes <c>&lt;layers&gt;/config/metadata.toml</c>. Reads <see cref="LifecycleInputs.AppDir"/>,
/// <c>LayersDir</c>, <c>BuildpacksDir</c>, <c>PlatformDir</c>, <c>BuildConfigDir</c>, <c>GroupPath</c>, <c>PlanPath</c>,
/// <c>AnalyzedPath</c>, <c>ExecEnv</c> and <c>HostEnvironment</c>.
/// </summary>
public sealed class Builder
{
    private readonly LifecycleInputs _inputs;
    private readonly ILifecycleLog _log;

    /// <summary>Creates a builder.</summary>
    public Builder(LifecycleInputs inputs, ILifecycleLog log)
    {
        _inputs = inputs;
        _log = log;
    }

    /// <summary>Reads group.toml and plan.toml, builds, and writes metadata.toml.</summary>
    /// <exception cref="LifecycleException">
    /// Exit code 51 when a buildpack's <c>bin/build</c> fails, 52 for other build errors, 12 for an unsupported
    /// Buildpack API, 1 when group.toml or plan.toml cannot be read.
    /// </exception>
    public async Task<BuildMetadata> RunAsync(CancellationToken cancellationToken)
    {
        var group = PlatformInput.Read(_inputs.GroupPath, GroupToml.Read);
        var plan = File.Exists(_inputs.PlanPath) ? PlatformInput.Read(_inputs.PlanPath, PlanToml.Read) : ResolvedPlan.Empty;
        var metadata = await BuildAsync(group, plan, cancellationToken).ConfigureAwait(false);
        MetadataToml.Write(PlatformDefaults.MetadataPath(_inputs.LayersDir), metadata);
        return metadata;
    }

    /// <summary>Builds <paramref name="group"/> with <paramref name="plan"/> without reading or writing platform files.</summary>
    /// <exception cref="LifecycleException">As <see cref="RunAsync"/>.</exception>
    public async Task<BuildMetadata> BuildAsync(IReadOnlyList<GroupElement> group, ResolvedPlan plan, CancellationToken cancellationToken)
    {
        foreach (var element in group.Where(e => e.Api is not null))
        {
            BuildpackApi.Resolve(element.Api, $"buildpack {element} ({_inputs.GroupPath})");
        }

        var target = PlatformInput.Read(_inputs.AnalyzedPath, AnalyzedToml.ReadRunImageTarget);
        var hostEnvironment = _inputs.HostEnvironment;
        var context = new BuildpackRunContext(
            _inputs.AppDir, _inputs.PlatformDir, _inputs.BuildConfigDir, target.Completed(), _inputs.ExecEnv, hostEnvironment, _log);
        var environment = BuildEnvironment.FromVariables(hostEnvironment);
        var store = new BuildpackStore(_inputs.BuildpacksDir);

        // The SBOM tree is rebuilt from this build's files only (lifecycle phase/builder.go).
        var sbomDir = Path.Combine(_inputs.LayersDir, "sbom");
        if (Directory.Exists(sbomDir))
        {
            Directory.Delete(sbomDir, recursive: true);
        }

        var processes = new ProcessSet();
        var labels = new List<LaunchLabel>();
        var slices = new List<AppSlice>();
        var sbomFiles = new List<SbomFile>();
        var buildpacks = new List<GroupElement>();
        var remainingPlan = plan;
        foreach (var element in group)
        {
            var buildpack = Lookup(store, element);
            buildpacks.Add(element with { Api = element.Api ?? buildpack.Api.ToString(), Homepage = element.Homepage ?? buildpack.Homepage, Optional = false });
            _log.Debug($"Running build for buildpack {buildpack}");
            var outcome = await BuildpackBuild.RunAsync(
                buildpack, remainingPlan.Find(buildpack.Id), _inputs.LayersDir, environment, context, cancellationToken).ConfigureAwait(false);

            remainingPlan = remainingPlan.Without(outcome.MetRequires);
            labels.AddRange(outcome.Launch.Labels);
            slices.AddRange(outcome.Launch.Slices);
            sbomFiles.AddRange(outcome.SbomFiles);
            if (processes.Add(outcome.Launch.Processes) is { } warning)
            {
                _log.Warn(warning);
            }
        }

        try
        {
            foreach (var sbom in sbomFiles)
            {
                sbom.CopyTo(_inputs.LayersDir);
            }
        }
        catch (IOException e)
        {
            throw new LifecycleException(LifecycleExitCodes.BuildError, $"copying SBOM files to {sbomDir}: {e.Message}", e);
        }

        return new BuildMetadata(buildpacks, processes.List(), labels, slices, processes.DefaultType);
    }

    private static BuildpackDescriptor Lookup(BuildpackStore store, GroupElement element)
    {
        try
        {
            return store.Lookup(element.Id, element.Version);
        }
        catch (BuildpackLookupException e)
        {
            throw new LifecycleException(LifecycleExitCodes.BuildError, e.Message, e);
        }
    }
}
