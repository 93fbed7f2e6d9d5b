namespace Buildpacks.MSBuild.Tasks.Tests;

public sealed class PublishBuildpackImageTests
{
    [Fact]
    public void An_invalid_image_name_fails_the_task_with_one_coded_error_naming_the_property()
    {
        var engine = new BuildEngineStub();
        using var task = new PublishBuildpackImage
        {
            BuildEngine = engine,
            PublishDirectory = ".",
            BuildpackImage = "Not/Valid",
            BuildpackBuilder = "localhost:5000/builder",
            BuildpackPublish = true,
        };

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("BP1001", error.Code);
        Assert.Contains("BuildpackImage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_publish_directory_is_BP1004()
    {
        var engine = new BuildEngineStub();
        using var task = new PublishBuildpackImage
        {
            BuildEngine = engine,
            PublishDirectory = Path.Combine(Path.GetTempPath(), $"bp-missing-{Guid.NewGuid():N}"),
            BuildpackImage = "localhost:5000/app",
            BuildpackBuilder = "localhost:5000/builder",
            BuildpackPublish = true,
        };

        Assert.False(task.Execute());
        Assert.Equal("BP1004", Assert.Single(engine.Errors).Code);
    }

    [Fact]
    public void Cancel_before_the_work_starts_fails_the_task_without_a_coded_error()
    {
        var engine = new BuildEngineStub();
        using var task = new PublishBuildpackImage
        {
            BuildEngine = engine,
            PublishDirectory = ".",
            BuildpackImage = "127.0.0.1:1/app",
            BuildpackBuilder = "127.0.0.1:1/builder",
            BuildpackPublish = true,
        };
        task.Cancel();

        Assert.False(task.Execute());

        Assert.Empty(engine.Errors);
    }

    [Fact]
    public void A_local_build_for_the_daemon_when_no_daemon_answers_is_BP1006_naming_the_endpoint()
    {
        var engine = new BuildEngineStub();
        using var task = new PublishBuildpackImage
        {
            BuildEngine = engine,
            PublishDirectory = ".",
            BuildpackImage = "127.0.0.1:1/app",
            BuildpackBuilder = "127.0.0.1:1/builder",
            BuildpackExecution = "Local",
            BuildpackDockerHost = "unix:///nonexistent/bp-docker.sock",
        };

        Assert.False(task.Execute());

        var error = Assert.Single(engine.Errors);
        Assert.Equal("BP1006", error.Code);
        Assert.Contains("unix:///nonexistent/bp-docker.sock", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_without_a_daemon_runs_locally_on_Linux()
    {
        var engine = new BuildEngineStub();
        using var task = new PublishBuildpackImage
        {
            BuildEngine = engine,
            PublishDirectory = ".",
            BuildpackImage = "127.0.0.1:1/app",
            BuildpackBuilder = "127.0.0.1:1/builder",
            BuildpackPublish = true,
            BuildpackDockerHost = "unix:///nonexistent/bp-docker.sock",
            BuildpackTrustBuilder = "true",
        };

        Assert.False(task.Execute());

        // Local execution went on to read the builder (nothing listens on port 1) and said so with its own code.
        Assert.Contains(engine.Messages, m => m.Message?.Contains("(Local execution)", StringComparison.Ordinal) == true);
        Assert.Single(engine.Errors);
    }

    [Theory]
    [InlineData("Local", null, null)]
    [InlineData("Local", "false", "127.0.0.1:1/builder")]
    [InlineData("Auto", null, "127.0.0.1:1/other-builder")]
    public void Local_execution_with_an_untrusted_builder_is_BP1019_and_names_the_builder(string execution, string? trust, string? trusted)
    {
        var engine = new BuildEngineStub();
        using var task = new PublishBuildpackImage
        {
            BuildEngine = engine,
            PublishDirectory = ".",
            BuildpackImage = "127.0.0.1:1/app",
            BuildpackBuilder = "127.0.0.1:1/builder",
            BuildpackPublish = true,
            BuildpackExecution = execution,
            BuildpackDockerHost = "unix:///nonexistent/bp-docker.sock",
            BuildpackTrustBuilder = trust,
            BuildpackTrustedBuilders = trusted,
        };

        Assert.False(task.Execute());

        var error = Assert.Single(engine.Errors);
        Assert.Equal("BP1019", error.Code);
        Assert.Contains("127.0.0.1:1/builder", error.Message, StringComparison.Ordinal);
    }
}
