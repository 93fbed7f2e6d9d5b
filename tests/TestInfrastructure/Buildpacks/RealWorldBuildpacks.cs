namespace Buildpacks.TestInfrastructure.Buildpacks;

/// <summary>
/// Two fixture buildpacks that behave as real-world ones do (Paketo's runtime and execute buildpacks, Heroku's, Google's):
/// the first writes a launch+cache "runtime" layer and names it by absolute path everywhere a real buildpack does (the
/// launch.toml command, env.launch and env.build files, an exec.d program, a profile.d script, the layer's SBOM), keeps
/// a counter in a cache-only layer, and prints what it sees of the build (its user, the stack, the build image's
/// os-release, its directories, whether its home is writable, the platform env). The second, later in the group, prints
/// what the first gave the build through env.build. Each fact is a line <c>fixture-fact name=value</c>.
/// </summary>
public static class RealWorldBuildpacks
{
    /// <summary>The runtime buildpack's id.</summary>
    public const string RuntimeId = "tests/real-world-runtime";

    /// <summary>The consumer buildpack's id.</summary>
    public const string ConsumerId = "tests/real-world-consumer";

    /// <summary>Every fact line starts with this.</summary>
    public const string FactPrefix = "fixture-fact ";

    /// <summary>What the image's default process prints of its launch environment, each line <c>launch-env NAME=value</c>.</summary>
    public const string LaunchEnvPrefix = "launch-env ";

    /// <summary>Where the runtime layer is in a build and its image: the layers directory's path is part of what it writes.</summary>
    public const string RuntimeLayer = "/layers/tests_real-world-runtime/runtime";

    /// <summary>Writes both buildpacks under <paramref name="directory"/>; returns their directories, in group order.</summary>
    public static IReadOnlyList<string> WriteTo(string directory) =>
    [
        new FixtureBuildpack(RuntimeId)
        {
            Version = "1.0.0",
            SbomFormats = ["application/vnd.cyclonedx+json"],
            Build = RuntimeBuild(),
        }.WriteTo(Path.Combine(directory, "real-world-runtime")),
        new FixtureBuildpack(ConsumerId)
        {
            Version = "1.0.0",
            Build = new BuildScript().Run($"echo \"{FactPrefix}build-tool-home=${{BUILD_TOOL_HOME:-unset}}\""),
        }.WriteTo(Path.Combine(directory, "real-world-consumer")),
    ];

    private static BuildScript RuntimeBuild() => new BuildScript()
        .Run($$"""
            fact() { echo "{{FactPrefix}}$1=$2"; }
            fact uid "$(id -u)"
            fact gid "$(id -g)"
            fact stack "${CNB_STACK_ID:-unset}"
            fact os-variant "$(. /etc/os-release && echo "${VARIANT_ID:-none}")"
            fact layers "$layers_dir"
            fact app "$(pwd)"
            fact home-writable "$( (touch "$HOME/.fixture-probe" && rm "$HOME/.fixture-probe" && echo yes) 2>/dev/null || echo no)"
            fact tmp-writable "$( (touch /tmp/.fixture-probe && rm /tmp/.fixture-probe && echo yes) 2>/dev/null || echo no)"
            fact root-writable "$( (touch /etc/.fixture-probe && rm /etc/.fixture-probe && echo yes) 2>/dev/null || echo no)"
            """)
        .PrintPlatformEnv()
        .Layer("runtime", launch: true, build: true, cache: true)
        .LayerFile("runtime", "bin/greet", """
            #!/usr/bin/env bash
            for name in GREETING_HOME EXECD_HOME PROFILE_MARK; do echo "launch-env $name=${!name:-unset}"; done
            """, executable: true)
        .Run($$"""
            runtime="$layers_dir/runtime"
            mkdir -p "$runtime/env.launch" "$runtime/env.build" "$runtime/exec.d" "$runtime/profile.d"
            printf '%s' "$runtime" > "$runtime/env.launch/GREETING_HOME.override"
            printf '%s' "$runtime" > "$runtime/env.build/BUILD_TOOL_HOME.override"
            printf '#!/usr/bin/env bash\necho "EXECD_HOME = \\"%s\\"" >&3\n' "$runtime" > "$runtime/exec.d/home"
            chmod +x "$runtime/exec.d/home"
            printf 'export PROFILE_MARK=%s\n' "$runtime" > "$runtime/profile.d/mark.sh"
            printf '{"bomFormat":"CycloneDX","specVersion":"1.4","components":[{"name":"greet","properties":[{"name":"path","value":"%s/bin/greet"}]}]}' "$runtime" > "$layers_dir/runtime.sbom.cdx.json"
            """)
        .Layer("downloads", cache: true)
        .Run($$"""
            count_file="$layers_dir/downloads/count"
            count=0
            [ ! -f "$count_file" ] || count=$(cat "$count_file")
            echo "{{FactPrefix}}cache-count=$count"
            echo $((count + 1)) > "$count_file"
            """)
        .Process("greet", ["$layers_dir/runtime/bin/greet"], isDefault: true);
}
