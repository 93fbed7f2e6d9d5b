namespace Buildpacks.Platform.Tests.Support;

/// <summary>
/// Small shell-script buildpacks in the style of buildpacks/samples: hello-world and hello-moon (components) and
/// hello-universe (a composite ordering both), written into a directory by the test.
/// </summary>
internal static class SampleBuildpacks
{
    public const string WorldId = "samples/hello-world";
    public const string MoonId = "samples/hello-moon";
    public const string UniverseId = "samples/hello-universe";
    public const string Version = "0.0.2";

    /// <summary>Writes the three buildpacks under <paramref name="root"/> (hello-world/, hello-moon/, hello-universe/).</summary>
    public static void Write(string root)
    {
        WriteComponent(Path.Combine(root, "hello-world"), WorldId, "Hello World Buildpack", "provides some-world", "echo '---> Hello World buildpack'");
        WriteComponent(Path.Combine(root, "hello-moon"), MoonId, "Hello Moon Buildpack", "requires some-world", "echo '---> Hello Moon buildpack'");
        var universe = Path.Combine(root, "hello-universe");
        Directory.CreateDirectory(universe);
        File.WriteAllText(Path.Combine(universe, "buildpack.toml"), $"""
            api = "0.11"

            [buildpack]
            id = "{UniverseId}"
            version = "{Version}"
            name = "Hello Universe Buildpack"
            homepage = "https://github.com/buildpacks/samples/tree/main/buildpacks/hello-universe"

            [[order]]
            [[order.group]]
            id = "{WorldId}"
            version = "{Version}"

            [[order.group]]
            id = "{MoonId}"
            version = "{Version}"
            optional = true
            """);
        File.WriteAllText(Path.Combine(universe, "package.toml"), """
            [buildpack]
            uri = "."

            [[dependencies]]
            uri = "../hello-world"

            [[dependencies]]
            uri = "../hello-moon"
            """);
    }

    private static void WriteComponent(string directory, string id, string name, string plan, string build)
    {
        Directory.CreateDirectory(Path.Combine(directory, "bin"));
        File.WriteAllText(Path.Combine(directory, "buildpack.toml"), $"""
            api = "0.11"

            [buildpack]
            id = "{id}"
            version = "{Version}"
            name = "{name}"

            [[targets]]
            os = "linux"
            """);
        var world = plan.StartsWith("provides", StringComparison.Ordinal)
            ? "[[provides]]\nname = \"some-world\"\n\n[[requires]]\nname = \"some-world\""
            : "[[requires]]\nname = \"some-world\"";
        WriteScript(Path.Combine(directory, "bin", "detect"), $"#!/bin/sh\ncat > \"$2\" <<'PLAN'\n{world}\nPLAN\nexit 0\n");
        WriteScript(Path.Combine(directory, "bin", "build"), $"#!/bin/sh\nset -eu\n{build}\n");

        // A data file whose mode must come out 0644 whatever the umask gave it.
        File.WriteAllText(Path.Combine(directory, "README.md"), $"{name}\n");
        File.SetUnixFileMode(Path.Combine(directory, "README.md"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
    }

    private static void WriteScript(string path, string text)
    {
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
    }
}
