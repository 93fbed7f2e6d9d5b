using Microsoft.Build.Framework;
using Buildpacks.MSBuild.Tasks.Builders;

namespace Buildpacks.MSBuild.Tasks.Tests.Builders;

/// <summary>Runs a builder task in this process against a <see cref="BuildEngineStub"/> and says what it logged.</summary>
internal static class TaskRun
{
    /// <summary>Runs <paramref name="task"/>; fails the test (with what was logged) unless it succeeds.</summary>
    public static BuildEngineStub Succeeds(ImageMakingTask task)
    {
        var engine = Run(task, out var succeeded);
        Assert.True(succeeded, "The task failed: " + string.Join(Environment.NewLine, engine.Errors.Select(e => $"{e.Code}: {e.Message}")));
        Assert.Empty(engine.Errors);
        return engine;
    }

    /// <summary>Runs <paramref name="task"/>, which must fail with exactly one error; returns it.</summary>
    public static BuildErrorEventArgs Fails(ImageMakingTask task)
    {
        var engine = Run(task, out var succeeded);
        Assert.False(succeeded, "The task succeeded but was expected to fail.");
        return Assert.Single(engine.Errors);
    }

    /// <summary>The messages logged at <paramref name="importance"/>.</summary>
    public static IReadOnlyList<string> MessagesAt(this BuildEngineStub engine, MessageImportance importance) =>
        engine.Messages.Where(m => m.Importance == importance).Select(m => m.Message ?? "").ToList();

    private static BuildEngineStub Run(ImageMakingTask task, out bool succeeded)
    {
        var engine = new BuildEngineStub();
        task.BuildEngine = engine;
        using (task)
        {
            succeeded = task.Execute();
        }

        return engine;
    }
}
