using Buildpacks.Lifecycle.Tests.Support;

namespace Buildpacks.Lifecycle.Tests.Samples;

/// <summary>
/// Our own re-creations of the buildpacks/samples buildpacks that need no network, written to behave as their READMEs
/// describe (bash scripts reading the positional arguments, like the originals).
/// </summary>
public static class SampleBuildpacks
{
    public const string HelloWorld = "samples/hello-world";
    public const string HelloMoon = "samples/hello-moon";
    public const string HelloProcesses = "samples/hello-processes";
    public const string HelloUniverse = "samples/hello-universe";

    /// <summary>Provides and requires "some-world"; its build prints its inputs.</summary>
    public static void AddHelloWorld(LifecycleWorkspace ws) => Add(ws, HelloWorld, "0.0.2", "", """
        #!/usr/bin/env bash
        set -eo pipefail
        plan_path=$2
        cat >> "${plan_path}" <<EOL
        [[provides]]
        name = "some-world"

        [[requires]]
        name = "some-world"
        EOL
        """, """
        #!/usr/bin/env bash
        set -eo pipefail
        echo "---> Hello World buildpack"
        layers_dir=$1
        platform_dir=$2
        plan_path=$3
        echo "     platform_dir files:"
        ls -1 "${platform_dir}" | sed 's/^/       /'
        echo "     env vars:"
        for var in "${platform_dir}"/env/*; do
          [ -f "${var}" ] && echo "       $(basename "${var}")=$(<"${var}")"
        done
        echo "     layers_dir: ${layers_dir}"
        echo "     plan_path: ${plan_path}"
        echo "     plan contents:"
        sed 's/^/       /' "${plan_path}"
        echo "---> Done"
        """);

    /// <summary>Only requires "some-world" (metadata world = "Earth-616"), so it needs hello-world before it.</summary>
    public static void AddHelloMoon(LifecycleWorkspace ws) => Add(ws, HelloMoon, "0.0.2", "sbom-formats = [\"application/vnd.cyclonedx+json\"]", """
        #!/usr/bin/env bash
        set -eo pipefail
        cat >> "$2" <<EOL
        [[requires]]
        name = "some-world"

        [requires.metadata]
        world = "Earth-616"
        EOL
        """, """
        #!/usr/bin/env bash
        set -eo pipefail
        echo "---> Hello Moon buildpack"
        echo "     layers_dir: $1"
        echo "     plan contents:"
        sed 's/^/     /' "$3"
        echo "---> Done"
        """);

    /// <summary>Always passes; adds a launch layer "sys-info" with a script and a "sys-info" process running it.</summary>
    public static void AddHelloProcesses(LifecycleWorkspace ws) => Add(ws, HelloProcesses, "0.0.1", "", """
        #!/usr/bin/env bash
        exit 0
        """, """
        #!/usr/bin/env bash
        set -eo pipefail
        echo "---> Hello processes buildpack"
        layers_dir=$1
        echo "---> Adding sys-info process"
        sysinfo_layer_dir="${layers_dir}/sys-info"
        mkdir -p "${sysinfo_layer_dir}"
        printf '[types]\nlaunch = true\n' > "${sysinfo_layer_dir}.toml"
        sysinfo_script="${sysinfo_layer_dir}/sys-info.sh"
        printf '#!/usr/bin/env bash\necho "     env vars:"\nexport | sed "s/^/       /"\n' > "${sysinfo_script}"
        chmod +x "${sysinfo_script}"
        cat >> "${layers_dir}/launch.toml" <<EOL
        [[processes]]
        type = "sys-info"
        command = ["${sysinfo_script}"]
        EOL
        echo "---> Done"
        """, extraToml: "[[stacks]]\nid = \"*\"");

    /// <summary>Composite of hello-world then hello-moon.</summary>
    public static void AddHelloUniverse(LifecycleWorkspace ws)
    {
        AddHelloWorld(ws);
        AddHelloMoon(ws);
        ws.AddComposite(HelloUniverse, "0.0.2", """
            [[order]]
            [[order.group]]
            id = "samples/hello-world"
            version = "0.0.2"

            [[order.group]]
            id = "samples/hello-moon"
            version = "0.0.2"
            """, api: "0.11");
    }

    private static void Add(LifecycleWorkspace ws, string id, string version, string buildpackExtra, string detect, string build, string extraToml = "")
    {
        var dir = ws.AddBuildpack(
            id,
            version,
            api: "0.11",
            detect: null,
            build: null,
            buildpackTableExtra: $"{buildpackExtra}",
            extraToml: "[[targets]]\nos = \"linux\"\n" + extraToml);
        LifecycleWorkspace.WriteScript(Path.Combine(dir, "bin", "detect"), detect);
        LifecycleWorkspace.WriteScript(Path.Combine(dir, "bin", "build"), build);
    }
}
