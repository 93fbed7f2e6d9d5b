namespace Buildpacks.Platform.Diagnostics;

/// <content>BP2xxx: registries, images, builders and buildpacks (BP20xx).</content>
public static partial class Messages
{
    /// <summary>{0}: the builder, {1}: where it was looked for.</summary>
    public const string BuilderNotFound = "BP2001: The builder '{0}' was not found in {1}. Push or create it there, or set BuildpackBuilder to a builder that exists.";

    /// <summary>{0}: the builder, {1}: what is wrong.</summary>
    public const string InvalidBuilder = "BP2002: '{0}' cannot be used as a builder: {1}";

    /// <summary>{0}: what failed.</summary>
    public const string RegistryFailed = "BP2003: A registry or image store failed: {0}";

    /// <summary>{0}: the registry, {1}: what it or the lifecycle said.</summary>
    public const string RegistryAuthRefused = "BP2004: The registry {0} refused access (authentication or authorization failed): {1} Give credentials for {0} in one of the places they are read from: the environment (BUILDPACK_REGISTRY_<HOST>_USERNAME and _PASSWORD, or BUILDPACK_REGISTRY_USERNAME and _PASSWORD for the registry the image is published to), Docker's config ('docker login {0}', $DOCKER_CONFIG/config.json or ~/.docker/config.json, with its credential helpers) or Podman's auth file ('podman login {0}', REGISTRY_AUTH_FILE or $XDG_RUNTIME_DIR/containers/auth.json); and check that the account may pull and push this repository.";

    /// <summary>{0}: the builder, {1}: the buildpack as given, {2}: what the builder has of it (or all its buildpacks).</summary>
    public const string BuildpackNotInBuilder = "BP2005: The builder {0} has no buildpack '{1}' (it has: {2}). Give id@version of a buildpack the builder carries, or a buildpack directory, .cnb/.tgz file or image.";

    /// <summary>{0}: the buildpack as given, {1}: why it cannot be used.</summary>
    public const string InvalidBuildpack = "BP2006: The buildpack '{0}' cannot be added to the build: {1}";

    /// <summary>{0}: the image (builder or run image), {1}: the platform asked for, {2}: the platforms it has, or where it was looked at.</summary>
    public const string PlatformNotInImage = "BP2007: {0} has no image for BuildpackPlatform '{1}' ({2}); nothing was built. Set BuildpackPlatform to one of its platforms, or use a builder and run image made for {1}.";

    /// <summary>{0}: the run image, {1}: where it was looked for.</summary>
    public const string RunImageNotFound = "BP2008: The run image '{0}' was not found in {1}; nothing was built. Check BuildpackRunImage (or the builder's run image) and that it was pushed there, and that the registry lets you pull it.";

    /// <summary>{0}: the builder.</summary>
    public const string ImageExtensionsUnsupported = "BP2009: The builder '{0}' orders image extensions ([[order-extensions]]: Dockerfiles that extend its build or run image, as UBI builders have), which Buildpacks.MSBuild does not run; building without them would make a different image than the builder means. Use a builder without extensions (e.g. paketobuildpacks/builder-jammy-base, heroku/builder:24, gcr.io/buildpacks/builder) or build this one with pack.";

    /// <summary>{0}: the platform built for, {1}: this machine's platform, {2}: what is missing.</summary>
    public const string EmulationMissing = "BP2010: Building for {0} on this {1} machine needs emulation, and {2}. Install qemu-user-static (version 10 or later: Debian 12 has it in bookworm-backports; 7.2 cannot start .NET arm64 apps) and register it with binfmt_misc with the F flag (Debian's package does; after an upgrade, register again); the project's build/emulation.sh does both. Or build only for this machine's platform.";

    /// <summary>{0}: the inner image, {1}: its RID, {2}: where it was looked for.</summary>
    public const string PlatformImageMissing = "BP2011: The image {0} that the {1} publish wrote is not in {2}, so the image index cannot list it. Publish again; if it persists, check that nothing else writes that name.";
}
