namespace Buildpacks.Platform.Builders;

/// <summary>The builder file system (Platform API, "Buildpacks Directory Layout"; pack <c>internal/builder</c>).</summary>
public static class BuilderFiles
{
    /// <summary><c>/cnb/order.toml</c>.</summary>
    public const string Order = "/cnb/order.toml";

    /// <summary><c>/cnb/run.toml</c>.</summary>
    public const string Run = "/cnb/run.toml";

    /// <summary><c>/cnb/stack.toml</c>, the run image for platforms older than 0.12.</summary>
    public const string Stack = "/cnb/stack.toml";

    /// <summary><c>/cnb/lifecycle</c>.</summary>
    public const string LifecycleDirectory = "/cnb/lifecycle";

    /// <summary><c>/cnb/lifecycle/lifecycle.toml</c>.</summary>
    public const string LifecycleDescriptor = "/cnb/lifecycle/lifecycle.toml";

    /// <summary><c>/cnb/build-config/env</c>: env files the lifecycle applies to every build.</summary>
    public const string BuildConfigEnv = "/cnb/build-config/env";

    /// <summary><c>/workspace</c>, the app directory, owned by the build user.</summary>
    public const string Workspace = "/workspace";

    /// <summary><c>/layers</c>, owned by the build user, the builder's working directory.</summary>
    public const string Layers = "/layers";

    /// <summary><c>/platform/env</c>.</summary>
    public const string PlatformEnv = "/platform/env";

    /// <summary>The build user's id variable.</summary>
    public const string UserIdVariable = "CNB_USER_ID";

    /// <summary>The build user's group variable.</summary>
    public const string GroupIdVariable = "CNB_GROUP_ID";

    /// <summary>The deprecated stack id variable.</summary>
    public const string StackIdVariable = "CNB_STACK_ID";
}
