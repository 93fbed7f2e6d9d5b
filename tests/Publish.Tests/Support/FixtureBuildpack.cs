namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>
/// A small bash buildpack (Buildpack API 0.10) written into a test's directory, to be added to a publish with a
/// <c>Buildpack</c> item: it shows what reached the buildpacks, or fails on purpose.
/// </summary>
public static class FixtureBuildpack
{
    /// <summary>What each of <see cref="WriteEnvPrinter"/>'s log lines starts with.</summary>
    public const string EnvLinePrefix = "fixture-env ";

    /// <summary>What each of <see cref="WriteEnvPrinter"/>'s app dir lines starts with.</summary>
    public const string AppLinePrefix = "fixture-app ";

    /// <summary>
    /// A buildpack that always passes detection and whose build prints every platform env var as
    /// <c>fixture-env NAME=value</c> and every file name in the app dir as <c>fixture-app NAME</c>.
    /// </summary>
    public static string WriteEnvPrinter(string directory, string id) => Write(
        directory,
        id,
        detect: "exit 0",
        build: $$"""
            platform=${CNB_PLATFORM_DIR:-$2}
            for file in "$platform"/env/*; do
              [ -f "$file" ] || continue
              printf '{{EnvLinePrefix}}%s=%s\n' "${file##*/}" "$(cat "$file")"
            done
            for file in * .[!.]*; do
              [ -e "$file" ] || continue
              printf '{{AppLinePrefix}}%s\n' "$file"
            done
            """);

    /// <summary>A buildpack that passes detection and whose build fails with <paramref name="exitCode"/>.</summary>
    public static string WriteFailingBuild(string directory, string id, int exitCode) => Write(
        directory,
        id,
        detect: "exit 0",
        build: $"""
            echo "fixture build fails on purpose" >&2
            exit {exitCode}
            """);

    /// <summary>A buildpack that never passes detection (exit 100, saying why).</summary>
    public static string WriteNeverDetects(string directory, string id) => Write(
        directory,
        id,
        detect: """
            echo "fixture never detects"
            exit 100
            """,
        build: "exit 1");

    private static string Write(string directory, string id, string detect, string build)
    {
        Directory.CreateDirectory(Path.Combine(directory, "bin"));
        File.WriteAllText(Path.Combine(directory, "buildpack.toml"), $"""
            api = "0.10"

            [buildpack]
            id = "{id}"
            version = "0.0.1"

            [[targets]]
            os = "linux"
            """);
        WriteScript(Path.Combine(directory, "bin", "detect"), detect);
        WriteScript(Path.Combine(directory, "bin", "build"), build);
        return directory;
    }

    private static void WriteScript(string path, string body)
    {
        File.WriteAllText(path, "#!/usr/bin/env bash\nset -euo pipefail\n" + body.ReplaceLineEndings("\n") + "\n");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Buildpacks are Linux programs; the publish tests run on Linux.");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }
}
