using Buildpacks.Images.Model;

namespace Buildpacks.Images.Registry;

/// <summary>A manifest or index as a registry served it: the exact bytes, their media type and digest.</summary>
/// <param name="Bytes">The document, byte for byte (digests are over these bytes).</param>
/// <param name="MediaType">The media type (from Content-Type, else from the document).</param>
/// <param name="Digest">The sha256 of <paramref name="Bytes"/>.</param>
public sealed record RegistryManifest(byte[] Bytes, string MediaType, Digest Digest);
