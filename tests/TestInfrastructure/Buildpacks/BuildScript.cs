using System.Text;

namespace Buildpacks.TestInfrastructure.Buildpacks;

/// <summary>
/// The body of a fixture buildpack's <c>bin/build</c>, written step by step in the terms of the Buildpack API, so that a
/// test's buildpack behaves as real-world ones do: layers with their types (cache-only ones too), files in them,
/// environment files (<c>env</c>, <c>env.build</c>, <c>env.launch</c>), <c>exec.d</c> and <c>profile.d</c> scripts, SBOM
/// files, and processes in launch.toml whose commands name layers by absolute path. Every step is a few lines of
/// shell; the script starts with <c>layers_dir</c>, <c>platform_dir</c> and <c>plan_path</c> set from the
/// <c>CNB_*</c> variables or the positional arguments, which <see cref="Process"/> commands and <see cref="Run"/> may use.
/// </summary>
public sealed class BuildScript
{
    /// <summary>What each of <see cref="PrintPlatformEnv"/>'s lines starts with.</summary>
    public const string EnvLinePrefix = "fixture-env ";

    /// <summary>What each of <see cref="PrintAppFiles"/>'s lines starts with.</summary>
    public const string AppLinePrefix = "fixture-app ";

    private const string EndOfContent = "FIXTURE_CONTENT";

    private readonly StringBuilder _script = new(
        "layers_dir=\"${CNB_LAYERS_DIR:-$1}\"\nplatform_dir=\"${CNB_PLATFORM_DIR:-$2}\"\nplan_path=\"${CNB_BP_PLAN_PATH:-$3}\"\n");

    /// <summary>Where an environment file goes: the layer's <c>env</c> (build and launch), <c>env.build</c> or <c>env.launch</c>.</summary>
    public enum EnvScope
    {
        /// <summary><c>&lt;layer&gt;/env/</c>: the build of later buildpacks and the launched app.</summary>
        All,

        /// <summary><c>&lt;layer&gt;/env.build/</c>: the build of later buildpacks only.</summary>
        Build,

        /// <summary><c>&lt;layer&gt;/env.launch/</c>: the launched app only.</summary>
        Launch,
    }

    /// <summary>The script's text.</summary>
    public static implicit operator string(BuildScript script) => script?.ToString() ?? "";

    /// <summary>Runs <paramref name="shell"/> as it is.</summary>
    public BuildScript Run(string shell) => Append(shell);

    /// <summary>Prints <paramref name="line"/> to the build's output.</summary>
    public BuildScript Say(string line) => Append($"echo {Quote(line)}");

    /// <summary>Prints every platform environment file as <c>fixture-env NAME=value</c>.</summary>
    public BuildScript PrintPlatformEnv() => Append($$"""
        for file in "$platform_dir"/env/*; do
          [ -f "$file" ] || continue
          printf '{{EnvLinePrefix}}%s=%s\n' "${file##*/}" "$(cat "$file")"
        done
        """);

    /// <summary>Prints every file under the app directory (the working directory) as <c>fixture-app relative/path</c>.</summary>
    public BuildScript PrintAppFiles() => Append($"find . -type f | sed 's|^\\./||' | sort | sed 's|^|{AppLinePrefix}|'");

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> in the app directory.</summary>
    public BuildScript WriteAppFile(string path, string content) => WriteFile(Quote(path), content, executable: false);

    /// <summary>Creates layer <paramref name="name"/> with its <c>&lt;layer&gt;.toml</c> <c>[types]</c>; all false is a layer the lifecycle drops (a cache-only layer has just <paramref name="cache"/>).</summary>
    public BuildScript Layer(string name, bool launch = false, bool build = false, bool cache = false) => Append(
        $"mkdir -p {LayerPath(name)}\nprintf '[types]\\nlaunch = %s\\nbuild = %s\\ncache = %s\\n' {Bool(launch)} {Bool(build)} {Bool(cache)} > {LayerPath(name)}.toml");

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> inside layer <paramref name="layer"/>.</summary>
    public BuildScript LayerFile(string layer, string path, string content, bool executable = false) =>
        WriteFile(LayerPath($"{layer}/{path}"), content, executable);

    /// <summary>
    /// Writes the environment file <paramref name="fileName"/> (<c>NAME</c>, or with a suffix: <c>NAME.override</c>,
    /// <c>NAME.default</c>, <c>NAME.append</c>, <c>NAME.prepend</c>, <c>NAME.delim</c>) of layer <paramref name="layer"/>.
    /// </summary>
    public BuildScript LayerEnv(string layer, string fileName, string value, EnvScope scope = EnvScope.All)
    {
        var directory = scope switch
        {
            EnvScope.Build => "env.build",
            EnvScope.Launch => "env.launch",
            _ => "env",
        };

        // printf, not echo: an env file's value is its exact content, with no newline added.
        var path = LayerPath($"{layer}/{directory}/{fileName}");
        return Append($"mkdir -p \"$(dirname {path})\"\nprintf '%s' {Quote(value)} > {path}");
    }

    /// <summary>Adds the <c>exec.d</c> executable <paramref name="name"/> to layer <paramref name="layer"/>; its <paramref name="script"/> writes TOML (<c>NAME = "value"</c>) to fd 3.</summary>
    public BuildScript ExecD(string layer, string name, string script) =>
        LayerFile(layer, $"exec.d/{name}", $"#!/usr/bin/env bash\nset -eu\n{script}", executable: true);

    /// <summary>Adds the <c>profile.d</c> script <paramref name="name"/> to layer <paramref name="layer"/>, sourced by the launcher's shell before a non-direct process.</summary>
    public BuildScript ProfileD(string layer, string name, string script) => LayerFile(layer, $"profile.d/{name}", script);

    /// <summary>Writes layer <paramref name="layer"/>'s SBOM <c>&lt;layer&gt;.sbom.&lt;extension&gt;</c>, e.g. extension <c>cdx.json</c>.</summary>
    public BuildScript LayerSbom(string layer, string extension, string content) =>
        WriteFile(LayerPath($"{layer}.sbom.{extension}"), content, executable: false);

    /// <summary>Writes the launch SBOM <c>launch.sbom.&lt;extension&gt;</c> (or the build one, <c>build.sbom…</c>, when <paramref name="launch"/> is false).</summary>
    public BuildScript BuildpackSbom(string extension, string content, bool launch = true) =>
        WriteFile(LayerPath($"{(launch ? "launch" : "build")}.sbom.{extension}"), content, executable: false);

    /// <summary>
    /// Adds a <c>[[processes]]</c> table to launch.toml. <paramref name="command"/> and <paramref name="args"/> are
    /// expanded by the shell when the build runs, so <c>$layers_dir/runtime/bin/app</c> becomes the absolute path of a
    /// layer file, as real buildpacks write it; they must not hold a double quote or a backslash.
    /// </summary>
    public BuildScript Process(string type, IReadOnlyList<string> command, IReadOnlyList<string>? args = null, bool isDefault = false, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var table = new StringBuilder($"[[processes]]\ntype = \"{type}\"\ncommand = {Array(command)}\n");
        if (args is { Count: > 0 })
        {
            table.Append($"args = {Array(args)}\n");
        }

        if (isDefault)
        {
            table.Append("default = true\n");
        }

        if (workingDirectory is not null)
        {
            table.Append($"working-dir = \"{workingDirectory}\"\n");
        }

        return Append($"cat >> \"$layers_dir/launch.toml\" <<{EndOfContent}\n{table}{EndOfContent}");
    }

    /// <summary>Fails the build with <paramref name="exitCode"/>, saying <paramref name="message"/> on stderr.</summary>
    public BuildScript Fail(int exitCode, string message) => Append($"echo {Quote(message)} >&2\nexit {exitCode}");

    /// <inheritdoc />
    public override string ToString() => _script.ToString();

    /// <summary><paramref name="text"/> as one single-quoted shell word.</summary>
    public static string Quote(string text) => "'" + (text ?? "").Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string LayerPath(string relative) => $"\"$layers_dir\"/{Quote(relative)}";

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Array(IReadOnlyList<string> items)
    {
        foreach (var item in items)
        {
            if (item.Contains('"', StringComparison.Ordinal) || item.Contains('\\', StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{item}' holds a double quote or backslash, which a fixture process cannot.", nameof(items));
            }
        }

        return "[" + string.Join(", ", items.Select(i => $"\"{i}\"")) + "]";
    }

    // A quoted here-document: the content is written as it is, nothing expanded.
    private BuildScript WriteFile(string shellPath, string content, bool executable)
    {
        var text = content.ReplaceLineEndings("\n");
        if (text.Split('\n').Contains(EndOfContent))
        {
            throw new ArgumentException($"The content holds the line {EndOfContent}, which ends a fixture file.", nameof(content));
        }

        Append($"mkdir -p \"$(dirname {shellPath})\"\ncat > {shellPath} <<'{EndOfContent}'\n{text.TrimEnd('\n')}\n{EndOfContent}");
        return executable ? Append($"chmod +x {shellPath}") : this;
    }

    private BuildScript Append(string shell)
    {
        _script.Append(shell.ReplaceLineEndings("\n").TrimEnd('\n')).Append('\n');
        return this;
    }
}
