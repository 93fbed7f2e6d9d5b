using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;
using Buildpacks.Platform.Inputs;
using Microsoft.Build.Framework;

namespace Buildpacks.MSBuild.Tasks;

/// <summary>
/// Turns <see cref="PublishBuildpackImage"/>'s properties and items into an <see cref="ImageBuildRequest"/>: one
/// assignment per property, each value parsed by <see cref="UserInput"/> (a bad value is its BP error). Empty means
/// the default. Relative paths resolve against the project directory.
/// </summary>
internal static class PublishRequestMapping
{
    /// <summary>
    /// Maps the task's parameters; <paramref name="globalProperties"/> are the build's (BP1020 when the image name came
    /// from a solution build's command line).
    /// </summary>
    public static ImageBuildRequest Map(BuildpackImageParameters task, IReadOnlyDictionary<string, string>? globalProperties = null)
    {
        RequireImagePerProject(task.BuildpackImage, globalProperties ?? new Dictionary<string, string>());
        // No image name: named after the project (the targets pass its AssemblyName and Version), when it has one.
        var image = UserInput.ImageOrDefault(task.BuildpackImage, task.BuildpackRegistry, task.BuildpackRepository, task.AssemblyName, task.Version);
        var baseDirectory = UserInput.Trimmed(task.ProjectDirectory) is { } project ? Path.GetFullPath(project) : Directory.GetCurrentDirectory();
        var builder = UserInput.Trimmed(task.BuildpackBuilder);
        var ports = task.BuildpackPorts.Select(p => UserInput.Port(p.ItemSpec, p.GetMetadata("Type"))).Distinct(StringComparer.Ordinal).ToList();
        var build = new BuildRequest
        {
            // MSBuild's default PublishDir has Windows separators (bin\Release/net10.0/publish/); MSBuild normalises them only
            // for its own tasks.
            AppDirectory = Path.GetFullPath(Path.DirectorySeparatorChar == '/' ? task.PublishDirectory.Replace('\\', '/') : task.PublishDirectory, baseDirectory),
            ProjectDirectory = UserInput.Trimmed(task.ProjectDirectory) is null ? null : baseDirectory,
            Tags = [image, .. UserInput.List(task.BuildpackTags).Select(tag => UserInput.Tag(image, tag))],
            Builder = builder is null ? BuilderDefaults.Builder : UserInput.Image(builder, Messages.InvalidBuilderName),
            RunImage = UserInput.OptionalImage(nameof(task.BuildpackRunImage), task.BuildpackRunImage),
            RunImageMirrors = UserInput.ImageList(nameof(task.BuildpackRunImageMirrors), task.BuildpackRunImageMirrors),
            Destination = UserInput.Destination(
                task.BuildpackPublish,
                UserInput.OptionalPath(task.BuildpackLayoutOutputPath, baseDirectory),
                UserInput.OptionalPath(task.BuildpackArchiveOutputPath, baseDirectory)),
            Platform = UserInput.Platform(task.BuildpackPlatform) ?? RuntimeIdentifierPlatform.TryParse(task.RuntimeIdentifier)?.Platform,
            DefaultProcess = UserInput.Trimmed(task.BuildpackDefaultProcess),
            Environment = NameValues(task.BuildpackEnvironment, "BuildpackEnvironment", IsVariableName),
            Buildpacks = task.Buildpacks.Select(b => BuildpackLocation(b.ItemSpec, baseDirectory)).ToList(),
            Bindings = task.BuildpackBindings.Select(b => Binding(b, baseDirectory)).ToList(),
            Secrets = task.BuildpackSecrets.Select(Secret).ToList(),
            // Generated labels first, so that the user's own of the same name win.
            Labels = NameValues([.. task.GeneratedLabels, .. task.BuildpackLabels], "BuildpackLabel", IsLabelKey),
            ExposedPorts = ports,
            RuntimeEnvironment = UserInput.WithListeningPort(ports, RuntimeEnvironment(task.BuildpackRuntimeEnvironment)),
            Cache = Cache(task, UserInput.OptionalPath(task.BuildpackCacheDirectory, baseDirectory)),
            Created = UserInput.CreatedDate(task.BuildpackCreatedDate),
            ImageAppDirectory = UserInput.ImageAppDirectory(task.BuildpackAppDirectory),
            PreviousImage = UserInput.OptionalImage(nameof(task.BuildpackPreviousImage), task.BuildpackPreviousImage),
            SbomOutputDirectory = UserInput.OptionalPath(task.BuildpackSbomOutputDirectory, baseDirectory),
            PullPolicy = UserInput.PullPolicy(task.BuildpackPullPolicy),
            TrustBuilder = UserInput.OptionalBoolean(nameof(task.BuildpackTrustBuilder), task.BuildpackTrustBuilder),
            TrustedBuilders = UserInput.List(task.BuildpackTrustedBuilders),
            TrustExtraBuildpacks = UserInput.OptionalBoolean(nameof(task.BuildpackTrustExtraBuildpacks), task.BuildpackTrustExtraBuildpacks) ?? false,
            LifecycleImage = UserInput.OptionalImage(nameof(task.BuildpackLifecycleImage), task.BuildpackLifecycleImage),
            Network = UserInput.Trimmed(task.BuildpackNetwork),
            DockerHost = UserInput.Trimmed(task.BuildpackDockerHost),
            DockerSocket = UserInput.DockerSocket(task.BuildpackDockerSocket),
            InsecureRegistries = UserInput.List(task.BuildpackInsecureRegistries),
            Verbose = task.BuildpackVerbose,
        };
        return new ImageBuildRequest
        {
            Build = build,
            BuilderGiven = builder is not null,
            Execution = UserInput.Execution(task.BuildpackExecution),
            StampPath = UserInput.OptionalPath(task.StampFile, baseDirectory),
            Force = task.BuildpackForce,
            CreatedLabel = task.BuildpackGenerateLabels,
        };
    }

    // 'dotnet publish app.sln -p:BuildpackImage=x' hands the one name to every project of the solution (a global
    // property flows to each), and each would push over the last: refused, whatever the solution holds, since no
    // project can see the others. A solution build passes SolutionPath to its projects as a global property.
    private static void RequireImagePerProject(string? image, IReadOnlyDictionary<string, string> globalProperties)
    {
        string? Global(string name) =>
            globalProperties.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

        if (UserInput.Trimmed(Global("BuildpackImage")) is not null && UserInput.Trimmed(Global("SolutionPath")) is { } solution)
        {
            throw CodedException.Of(Messages.ImageForEveryProject, solution, image);
        }
    }

    private static List<KeyValuePair<string, string>> RuntimeEnvironment(ITaskItem[] items)
    {
        var variables = NameValues(items, "BuildpackRuntimeEnvironment", IsVariableName);
        return variables.FirstOrDefault(v => v.Key.StartsWith("CNB_", StringComparison.Ordinal)) is { Key: { } reserved }
            ? throw CodedException.Of(Messages.ReservedRuntimeVariable, reserved)
            : variables;
    }

    private static BuildCache Cache(BuildpackImageParameters task, string? directory)
    {
        var image = UserInput.OptionalImage(nameof(task.BuildpackCacheImage), task.BuildpackCacheImage);
        var volume = UserInput.Trimmed(task.BuildpackCacheVolume);
        if ((image is null ? 0 : 1) + (volume is null ? 0 : 1) + (directory is null ? 0 : 1) > 1)
        {
            throw CodedException.Of(Messages.SeveralCaches);
        }

        return new BuildCache { Image = image, Volume = volume, Directory = directory, Clear = task.BuildpackClearCache };
    }

    // A path that exists (or looks like one) is made absolute; anything else (id@version, an image) is passed as it is.
    private static string BuildpackLocation(string spec, string baseDirectory)
    {
        var trimmed = spec.Trim();
        if (trimmed.StartsWith("docker://", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var candidate = Path.GetFullPath(trimmed, baseDirectory);
        var looksLikePath = trimmed.StartsWith('.') || trimmed.StartsWith('/') || trimmed.EndsWith(".cnb", StringComparison.OrdinalIgnoreCase)
            || trimmed.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);
        return looksLikePath || Directory.Exists(candidate) || File.Exists(candidate) ? candidate : trimmed;
    }

    private static BuildBinding Binding(ITaskItem item, string baseDirectory)
    {
        var source = Path.GetFullPath(item.ItemSpec.Trim(), baseDirectory);
        if (!Directory.Exists(source) && !File.Exists(source))
        {
            throw CodedException.Of(Messages.InvalidBinding, item.ItemSpec, $"'{source}' does not exist.");
        }

        var target = item.GetMetadata("Target").Trim();
        if (target.Length == 0)
        {
            target = Path.GetFileName(source.TrimEnd('/'));
        }
        else if (!target.StartsWith('/') && (target.Contains('/', StringComparison.Ordinal) || target is "." or ".."))
        {
            throw CodedException.Of(Messages.InvalidBinding, item.ItemSpec, $"Target '{target}' is neither a binding name nor an absolute path.");
        }

        var readOnly = UserInput.OptionalBoolean($"BuildpackBinding '{item.ItemSpec}' ReadOnly", item.GetMetadata("ReadOnly")) ?? true;
        return new BuildBinding(source, target, readOnly);
    }

    // Names only: the value stays in the environment until the build reads it (SecretBindings).
    private static BuildSecret Secret(ITaskItem item)
    {
        var variable = item.ItemSpec.Trim();
        var binding = UserInput.Trimmed(item.GetMetadata("Binding")) ?? variable.ToLowerInvariant().Replace('_', '-');
        return new BuildSecret(variable, binding, UserInput.Trimmed(item.GetMetadata("Key")) ?? "secret", UserInput.Trimmed(item.GetMetadata("Type")) ?? binding);
    }

    private static List<KeyValuePair<string, string>> NameValues(IEnumerable<ITaskItem> items, string itemType, Func<string, bool> isValidName)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var item in items)
        {
            var name = item.ItemSpec.Trim();
            if (!isValidName(name))
            {
                throw CodedException.Of(Messages.InvalidVariableName, itemType, item.ItemSpec);
            }

            // A later item of the same name wins, as a later property assignment does.
            result.RemoveAll(pair => pair.Key == name);
            result.Add(new(name, item.GetMetadata("Value")));
        }

        return result;
    }

    private static bool IsVariableName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static bool IsLabelKey(string name) => name.Length > 0 && !name.Contains('=', StringComparison.Ordinal) && !name.Any(char.IsWhiteSpace);
}
