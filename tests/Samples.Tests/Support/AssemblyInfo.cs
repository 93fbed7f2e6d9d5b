// The sample buildpacks are bash and the runtimes linux-x64: these tests run on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
