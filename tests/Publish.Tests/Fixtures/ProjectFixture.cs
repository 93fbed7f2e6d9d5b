using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.TestInfrastructure.Apps;

namespace Buildpacks.MSBuild.Publish.Tests.Fixtures;

/// <summary>
/// One throwaway project shared by the tests of a class: written (and the feed packed) once, so its later publishes
/// only rebuild what changed. Subclasses say what kind of app it is.
/// </summary>
public abstract class ProjectFixture(AppKind kind, string name, string message, string projectItems = "") : IAsyncLifetime
{
    private TestProject? _project;

    /// <summary>What the app says.</summary>
    public string Message { get; } = message;

    /// <summary>The project.</summary>
    public TestProject Project => _project ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _project = await TestProject.CreateAsync(kind, Message, name, projectItems: projectItems).ConfigureAwait(false);

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        _project?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>A HelloWeb-like ASP.NET Core app.</summary>
public sealed class WebProjectFixture() : ProjectFixture(AppKind.Web, "HelloWeb", "Hello from a buildpack-built HelloWeb");

/// <summary>
/// A console app that the error tests publish with one thing wrong each; <c>-p:ExtraBuildpack=&lt;dir&gt;</c> adds a
/// fixture buildpack as a Buildpack item, <c>-p:ExtraSecret=&lt;variable&gt;</c> a BuildpackSecret item (binding
/// <c>feed</c>, key <c>token</c>, type <c>nuget</c>).
/// </summary>
public sealed class ConsoleProjectFixture() : ProjectFixture(AppKind.Console, "HelloConsole", "Hello from a buildpack-built console app", """
      <ItemGroup>
        <Buildpack Include="$(ExtraBuildpack)" Condition="'$(ExtraBuildpack)' != ''" />
        <BuildpackSecret Include="$(ExtraSecret)" Condition="'$(ExtraSecret)' != ''" Binding="feed" Key="token" Type="nuget" />
      </ItemGroup>
    """);

/// <summary>
/// The test classes that share the web and console projects (compiled once for all of them). The assembly runs one
/// test at a time anyway, so sharing costs no parallelism.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedProjects : ICollectionFixture<WebProjectFixture>, ICollectionFixture<ConsoleProjectFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Shared projects";
}
