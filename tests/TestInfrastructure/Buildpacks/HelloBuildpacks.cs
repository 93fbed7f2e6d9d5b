namespace Buildpacks.TestInfrastructure.Buildpacks;

/// <summary>
/// Small shell-script buildpacks in the style of buildpacks/samples, for builder and package tests: hello-world
/// (provides and requires "some-world") and hello-moon (requires it) as components, and hello-universe, a composite
/// ordering both with a package.toml that packages all three. Plain <c>/bin/sh</c> scripts, so that a busybox build
/// image runs them too.
/// </summary>
public static class HelloBuildpacks
{
    /// <summary>hello-world's id.</summary>
    public const string WorldId = "samples/hello-world";

    /// <summary>hello-moon's id.</summary>
    public const string MoonId = "samples/hello-moon";

    /// <summary>hello-universe's id.</summary>
    public const string UniverseId = "samples/hello-universe";

    /// <summary>The version of all three.</summary>
    public const string Version = "0.0.2";

    /// <summary>Writes the three under <paramref name="root"/> (hello-world/, hello-moon/, hello-universe/ with its package.toml).</summary>
    public static void WriteTo(string root)
    {
        WriteComponent(Path.Combine(root, "hello-world"), WorldId, "Hello World Buildpack", "[[provides]]\nname = \"some-world\"\n\n[[requires]]\nname = \"some-world\"");
        WriteComponent(Path.Combine(root, "hello-moon"), MoonId, "Hello Moon Buildpack", "[[requires]]\nname = \"some-world\"");
        var universe = new FixtureBuildpack(UniverseId)
        {
            Version = Version,
            Api = "0.11",
            Name = "Hello Universe Buildpack",
            Order = [[new FixtureGroupElement(WorldId, Version), new FixtureGroupElement(MoonId, Version, Optional: true)]],
        }.WriteTo(Path.Combine(root, "hello-universe"));
        File.WriteAllText(Path.Combine(universe, "package.toml"), """
            [buildpack]
            uri = "."

            [[dependencies]]
            uri = "../hello-world"

            [[dependencies]]
            uri = "../hello-moon"
            """);
    }

    private static void WriteComponent(string directory, string id, string name, string plan)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Buildpacks are Linux programs; the tests that write them run on Linux.");
        }

        new FixtureBuildpack(id)
        {
            Version = Version,
            Api = "0.11",
            Name = name,
            Shell = FixtureBuildpack.Sh,
            Detect = DetectScript.Plan(plan),
            Build = new BuildScript().Say($"---> {name}"),
        }.WriteTo(directory);

        // Modes that must come out 0755 and 0644 in an image whatever the umask gave them (here 0750 and 0660).
        foreach (var script in new[] { "detect", "build" })
        {
            File.SetUnixFileMode(Path.Combine(directory, "bin", script), (UnixFileMode)0b111_101_000);
        }

        var readme = Path.Combine(directory, "README.md");
        File.WriteAllText(readme, $"{name}\n");
        File.SetUnixFileMode(readme, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
    }
}
