namespace Buildpacks.Platform.Execution;

/// <summary>
/// A secret for the buildpacks (a private feed's token, say), named here only by the environment variable that holds
/// it: the value is read when the build starts (<see cref="SecretBindings"/>), never by MSBuild, and reaches the build
/// as one file of a service binding, <c>/platform/bindings/&lt;<see cref="Binding"/>&gt;/&lt;<see cref="Key"/>&gt;</c>
/// (CNB platform spec, "Service Bindings"; the servicebinding.io layout: a directory per binding with its <c>type</c>
/// file and one file per key). Buildpacks read bindings during detect and build; the exporter never puts
/// <c>/platform</c> into the image.
/// </summary>
/// <param name="Variable">The environment variable of the process that runs the build.</param>
/// <param name="Binding">The binding's name (its directory under <c>/platform/bindings</c>).</param>
/// <param name="Key">The file of the binding that holds the value.</param>
/// <param name="Type">The binding's type (its <c>type</c> file), which buildpacks look bindings up by.</param>
public sealed record BuildSecret(string Variable, string Binding, string Key, string Type);
