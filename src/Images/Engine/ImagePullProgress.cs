namespace Buildpacks.Images.Engine;

/// <summary>
/// One progress message of a pull (<c>POST /images/create</c>): a step of a layer (<c>Pulling fs layer</c>,
/// <c>Downloading</c>, <c>Pull complete</c>) with its byte counts while it moves, or a line about the image itself.
/// </summary>
/// <param name="LayerId">The layer the message is about (a short digest), or null for the image.</param>
/// <param name="Status">What happened, in the daemon's words.</param>
/// <param name="Current">Bytes done of the step, when the daemon says.</param>
/// <param name="Total">Bytes of the whole step, when the daemon knows.</param>
public sealed record ImagePullProgress(string? LayerId, string Status, long? Current, long? Total);
