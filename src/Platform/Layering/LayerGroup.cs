namespace Buildpacks.Platform.Layering;

/// <summary>One group of the layers index: a name and the publish directory's files that go into its layer.</summary>
/// <param name="Name">The group's name: <see cref="LayersIndex.RuntimeGroup"/>, <see cref="LayersIndex.PackagesGroup"/>,
/// <see cref="LayersIndex.AppGroup"/> or one of the user's (a <c>BuildpackLayer</c> item).</param>
/// <param name="Files">Paths relative to the publish directory, '/'-separated, sorted by ordinal.</param>
public sealed record LayerGroup(string Name, IReadOnlyList<string> Files);
