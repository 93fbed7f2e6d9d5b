// These tests drive Docker (and Podman) containers on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
