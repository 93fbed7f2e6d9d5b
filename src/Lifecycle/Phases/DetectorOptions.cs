using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Phases;

/// <summary>The inputs of the detector (Platform API, "detector" inputs); see <see cref="PlatformDefaults"/>.</summary>
public sealed record DetectorOptions
{
    /// <summary>The Platform API the detector runs under.</summary>
    public required PlatformApi PlatformApi { get; init; }

    /// <summary><c>-app</c> / <c>CNB_APP_DIR</c>.</summary>
    public required string AppDir { get; init; }

    /// <summary><c>-buildpacks</c> / <c>CNB_BUILDPACKS_DIR</c>.</summary>
    public required string BuildpacksDir { get; init; }

    /// <summary><c>-platform</c> / <c>CNB_PLATFORM_DIR</c>.</summary>
    public required string PlatformDir { get; init; }

    /// <summary><c>-order</c> / <c>CNB_ORDER_PATH</c>.</summary>
    public required string OrderPath { get; init; }

    /// <summary><c>-group</c> / <c>CNB_GROUP_PATH</c>: where group.toml is written.</summary>
    public required string GroupPath { get; init; }

    /// <summary><c>-plan</c> / <c>CNB_PLAN_PATH</c>: where plan.toml is written.</summary>
    public required string PlanPath { get; init; }

    /// <summary><c>-build-config</c> / <c>CNB_BUILD_CONFIG_DIR</c>; null for none.</summary>
    public string? BuildConfigDir { get; init; }

    /// <summary><c>-analyzed</c> / <c>CNB_ANALYZED_PATH</c>: the run image target is read from it when it exists.</summary>
    public string? AnalyzedPath { get; init; }

    /// <summary><c>-system</c> / <c>CNB_SYSTEM_PATH</c> (Platform API 0.15); null for none.</summary>
    public string? SystemPath { get; init; }

    /// <summary><c>CNB_EXEC_ENV</c>.</summary>
    public string ExecEnv { get; init; } = PlatformDefaults.ExecEnv;

    /// <summary>The lifecycle's environment, filtered for buildpacks; null means the current process's.</summary>
    public IReadOnlyDictionary<string, string>? HostEnvironment { get; init; }
}
