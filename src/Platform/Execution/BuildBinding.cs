namespace Buildpacks.Platform.Execution;

/// <summary>
/// A directory of this machine mounted into the build: a service binding (under <c>/platform/bindings/&lt;name&gt;</c>
/// when <paramref name="Target"/> is relative) or any path (absolute <paramref name="Target"/>).
/// </summary>
/// <param name="Source">The host directory (absolute).</param>
/// <param name="Target">Where it appears in the build.</param>
/// <param name="ReadOnly">Mounted read-only (the default, as pack's <c>--volume</c>).</param>
public sealed record BuildBinding(string Source, string Target, bool ReadOnly = true);
