using Buildpacks.Lifecycle.BuildPlan;
using Buildpacks.Lifecycle.Env;
using Buildpacks.Lifecycle.Execution;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Layers;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Toml;

namespace Buildpacks.Lifecycle.Buildpacks;

/// <summary>What one buildpack's build produced.</summary>
/// <param name="Layers">The layers it declared, by name.</param>
/// <param name="MetRequires">The names of its plan it met (not listed in build.toml <c>[[unmet]]</c>).</param>
/// <param name="Launch">Its launch.toml declarations.</param>
/// <param name="SbomFiles">Its SBOM files.</param>
public sealed record BuildOutcome(
    IReadOnlyDictionary<string, LayerMetadata> Layers,
    IReadOnlyList<string> MetRequires,
    LaunchDeclarations Launch,
    IReadOnlyList<SbomFile> SbomFiles);

/// <summary>
/// Runs a buildpack's <c>bin/build</c> and processes what it wrote (Buildpack API, "Phase #3: Build"; lifecycle
/// buildpack/build.go). The buildpack gets positional arguments <c>&lt;layers&gt;/&lt;escaped id&gt; &lt;platform&gt;
/// &lt;plan&gt;</c> (the reference lifecycle passes them for every API, and the samples read them) and the same paths as
/// <c>CNB_LAYERS_DIR</c>, <c>CNB_PLATFORM_DIR</c>, <c>CNB_BP_PLAN_PATH</c>. Afterwards every <c>&lt;layer&gt;.toml</c> is
/// read, layers with no type are renamed <c>&lt;layer&gt;.ignore</c>, <c>build=true</c> layers join the build
/// environment of later buildpacks, and build.toml, launch.toml and the SBOM files are read.
/// </summary>
public static class BuildpackBuild
{
    /// <summary>File names in a buildpack's layers directory that are not layers (Buildpack API, "Layers").</summary>
    private static readonly HashSet<string> ReservedNames = new(StringComparer.Ordinal) { "launch", "build", "store" };

    /// <summary>Builds <paramref name="buildpack"/> with its plan.</summary>
    /// <param name="buildpack">The buildpack.</param>
    /// <param name="plan">Its buildpack plan.</param>
    /// <param name="layersDir">The platform's layers directory.</param>
    /// <param name="environment">The build environment; updated with this buildpack's build layers.</param>
    /// <param name="context">The phase's settings.</param>
    /// <param name="cancellationToken">Stops the build.</param>
    /// <exception cref="LifecycleException">51 when <c>bin/build</c> fails or cannot run; 52 when its output is invalid.</exception>
    public static async Task<BuildOutcome> RunAsync(
        BuildpackDescriptor buildpack,
        IReadOnlyList<Require> plan,
        string layersDir,
        BuildEnvironment environment,
        BuildpackRunContext context,
        CancellationToken cancellationToken)
    {
        var buildpackLayersDir = Path.Combine(layersDir, BuildpackId.Escape(buildpack.Id));
        Directory.CreateDirectory(buildpackLayersDir);
        var planDir = Directory.CreateTempSubdirectory(BuildpackId.Escape(buildpack.Id) + "-").FullName;
        try
        {
            var planPath = Path.Combine(planDir, "plan.toml");
            BuildpackPlanToml.Write(planPath, plan);
            await RunExecutableAsync(buildpack, buildpackLayersDir, planPath, environment, context, cancellationToken).ConfigureAwait(false);
            try
            {
                return ReadOutputs(buildpack, buildpackLayersDir, plan, environment, context.Log);
            }
            catch (TomlFileException e)
            {
                throw new LifecycleException(LifecycleExitCodes.BuildError, $"buildpack {buildpack}: {e.Message}", e);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                throw new LifecycleException(LifecycleExitCodes.BuildError, e.Message, e);
            }
        }
        finally
        {
            Directory.Delete(planDir, recursive: true);
        }
    }

    private static async Task RunExecutableAsync(
        BuildpackDescriptor buildpack,
        string buildpackLayersDir,
        string planPath,
        BuildEnvironment environment,
        BuildpackRunContext context,
        CancellationToken cancellationToken)
    {
        var env = context.EnvironmentFor(
            buildpack,
            environment,
            [new("CNB_BP_PLAN_PATH", planPath), new("CNB_LAYERS_DIR", buildpackLayersDir)]);
        int code;
        try
        {
            code = await BuildpackProcess.RunAsync(
                buildpack,
                Logging.BuildpackExecutable.Build,
                Path.Combine(buildpack.RootDir, "bin", "build"),
                [buildpackLayersDir, context.PlatformDir, planPath],
                env,
                context.AppDir,
                context.Log,
                cancellationToken).ConfigureAwait(false);
        }
        catch (BuildpackExecutableException e)
        {
            throw new LifecycleException(LifecycleExitCodes.FailedBuildWithErrors, e.Message, e);
        }

        if (code != 0)
        {
            throw new LifecycleException(
                LifecycleExitCodes.FailedBuildWithErrors,
                $"buildpack {buildpack}: {Path.Combine(buildpack.RootDir, "bin", "build")} failed with exit code {code}");
        }
    }

    private static BuildOutcome ReadOutputs(
        BuildpackDescriptor buildpack, string buildpackLayersDir, IReadOnlyList<Require> plan, BuildEnvironment environment, ILifecycleLog log)
    {
        var layers = ReadLayers(buildpackLayersDir, log);
        foreach (var layer in layers.Values.Where(l => l.Types.Build))
        {
            environment.AddBuildLayer(layer.Directory);
        }

        var unmet = BuildToml.ReadUnmet(Path.Combine(buildpackLayersDir, "build.toml"), plan);
        var met = plan.Select(r => r.Name).Where(n => !unmet.Contains(n)).Distinct().ToList();
        var sboms = SbomFile.Collect(buildpack, buildpackLayersDir, layers);
        var launch = LaunchToml.Read(Path.Combine(buildpackLayersDir, "launch.toml"), buildpack, log);
        return new BuildOutcome(layers, met, launch, sboms);
    }

    /// <summary>Reads every <c>&lt;layer&gt;.toml</c> in name order and sets aside the layers with no type.</summary>
    private static SortedDictionary<string, LayerMetadata> ReadLayers(string buildpackLayersDir, ILifecycleLog log)
    {
        var layers = new SortedDictionary<string, LayerMetadata>(StringComparer.Ordinal);
        var names = Directory.EnumerateFiles(buildpackLayersDir, "*.toml")
            .Select(p => Path.GetFileNameWithoutExtension(p))
            .Where(n => !ReservedNames.Contains(n));
        foreach (var name in names)
        {
            var layer = LayerToml.Read(buildpackLayersDir, name);
            layers.Add(name, layer);
            if (layer.Types.IsIgnored && Directory.Exists(layer.Directory))
            {
                // A layer with every type false is temporary: renamed so that nothing later picks it up.
                var ignored = layer.Directory + ".ignore";
                if (Directory.Exists(ignored))
                {
                    Directory.Delete(ignored, recursive: true);
                }

                Directory.Move(layer.Directory, ignored);
            }
            else if (layer.ReusesPreviousImageLayer)
            {
                log.Debug($"Layer '{name}' is a launch layer without contents: the exporter reuses the previous image's layer");
            }
        }

        return layers;
    }
}
