namespace Buildpacks.MSBuild.Tasks.Tests;

public sealed class PublishBuildpackImageTests
{
    private const string NoDaemon = "unix:///nonexistent/bp-docker.sock";

    private readonly BuildEngineStub _engine = new();

    // A task that would push 127.0.0.1:1/app (nothing listens on port 1) built by 127.0.0.1:1/builder; each test changes
    // what it is about.
    private PublishBuildpackImage NewTask(Action<PublishBuildpackImage>? configure = null)
    {
        var task = new PublishBuildpackImage
        {
            BuildEngine = _engine,
            PublishDirectory = ".",
            BuildpackImage = "127.0.0.1:1/app",
            BuildpackBuilder = "127.0.0.1:1/builder",
            BuildpackPublish = true,
        };
        configure?.Invoke(task);
        return task;
    }

    [Fact]
    public void An_invalid_image_name_fails_the_task_with_one_coded_error_naming_the_property()
    {
        using var task = NewTask(t => t.BuildpackImage = "Not/Valid");

        Assert.False(task.Execute());
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("BP1001", error.Code);
        Assert.Contains("BuildpackImage", error.Message, StringComparison.Ordinal);
        Assert.Equal("https://github.com/buildpacks-msbuild/buildpacks-msbuild/blob/main/docs/errors.md#bp1001", error.HelpLink);
    }

    [Fact]
    public void A_missing_publish_directory_is_BP1004()
    {
        using var task = NewTask(t => t.PublishDirectory = Path.Combine(Path.GetTempPath(), $"bp-missing-{Guid.NewGuid():N}"));

        Assert.False(task.Execute());
        Assert.Equal("BP1004", Assert.Single(_engine.Errors).Code);
    }

    [Fact]
    public void Cancel_before_the_work_starts_fails_the_task_without_a_coded_error()
    {
        using var task = NewTask();
        task.Cancel();

        Assert.False(task.Execute());

        Assert.Empty(_engine.Errors);
    }

    [Fact]
    public void A_local_build_for_the_daemon_when_no_daemon_answers_is_BP1006_naming_the_endpoint()
    {
        using var task = NewTask(t => (t.BuildpackPublish, t.BuildpackExecution, t.BuildpackDockerHost) = (false, "Local", NoDaemon));

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("BP1006", error.Code);
        Assert.Contains(NoDaemon, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_without_a_daemon_runs_locally_on_Linux()
    {
        using var task = NewTask(t => (t.BuildpackDockerHost, t.BuildpackTrustBuilder) = (NoDaemon, "true"));

        Assert.False(task.Execute());

        // Local execution went on to read the builder (nothing listens on port 1) and said so with its own code.
        Assert.Contains(_engine.Messages, m => m.Message?.Contains("(Local execution)", StringComparison.Ordinal) == true);
        Assert.Single(_engine.Errors);
    }

    [Theory]
    [InlineData("Local", null, null)]
    [InlineData("Local", "false", "127.0.0.1:1/builder")]
    [InlineData("Auto", null, "127.0.0.1:1/other-builder")]
    public void Local_execution_with_an_untrusted_builder_is_BP8002_and_names_the_builder(string execution, string? trust, string? trusted)
    {
        using var task = NewTask(t => (t.BuildpackExecution, t.BuildpackDockerHost, t.BuildpackTrustBuilder, t.BuildpackTrustedBuilders) = (execution, NoDaemon, trust, trusted));

        Assert.False(task.Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("BP8002", error.Code);
        Assert.Contains("127.0.0.1:1/builder", error.Message, StringComparison.Ordinal);
    }
}
