// The lifecycle runs buildpacks as Linux processes; so do these tests.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
