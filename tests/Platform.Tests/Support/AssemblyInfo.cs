// The platform tests run real Linux tools (busybox, skopeo, the registry) and set Unix file modes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
