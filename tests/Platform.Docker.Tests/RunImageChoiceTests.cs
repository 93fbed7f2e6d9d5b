using Buildpacks.Images.References;
using Buildpacks.Platform.Builders;

namespace Buildpacks.Platform.Docker.Tests;

/// <summary>
/// The run image among the run image and its mirrors (the analyzer's rule in the Platform API and pack's
/// getBestRunMirror), and the run.toml the phases read so that the app image records the user's run image.
/// </summary>
public sealed class RunImageChoiceTests
{
    private static readonly ImageReference HerokuBuilder = ImageReference.Parse("docker.io/heroku/builder:24");

    // Heroku's builders name their run image with a mirror on public.ecr.aws (heroku/cnb-builder-images builder-24).
    private static readonly IReadOnlyList<RunImage> Heroku = [new RunImage("docker.io/heroku/heroku:24", ["public.ecr.aws/heroku/heroku:24"])];

    [Fact]
    public void Publishing_to_the_registry_of_a_mirror_builds_on_that_mirror()
    {
        var choice = RunImageChoice.Choose(Heroku, HerokuBuilder, null, [], publishTo: "public.ecr.aws", alwaysWriteRunToml: false);

        Assert.Equal("public.ecr.aws/heroku/heroku:24", choice.Image.ToString());
        Assert.Null(choice.RunToml);
    }

    [Fact]
    public void Into_the_daemon_the_builders_registry_is_preferred()
    {
        var choice = RunImageChoice.Choose(Heroku, HerokuBuilder, null, [], publishTo: null, alwaysWriteRunToml: false);

        Assert.Equal("docker.io/heroku/heroku:24", choice.Image.ToString());
    }

    [Fact]
    public void A_users_mirror_is_used_and_recorded_with_the_builders()
    {
        var mirror = ImageReference.Parse("registry.example.com/mirror/heroku:24");

        var choice = RunImageChoice.Choose(Heroku, HerokuBuilder, null, [mirror], publishTo: "ghcr.io", alwaysWriteRunToml: false);

        Assert.Equal(mirror, choice.Image);
        Assert.Equal(
            "[[images]]\nimage = \"docker.io/heroku/heroku:24\"\nmirrors = [\"registry.example.com/mirror/heroku:24\", \"public.ecr.aws/heroku/heroku:24\"]\n",
            choice.RunToml);
    }

    [Fact]
    public void A_users_run_image_comes_first_in_run_toml_so_the_app_image_records_it()
    {
        var own = ImageReference.Parse("registry.example.com/team/run:1");

        var choice = RunImageChoice.Choose(Heroku, HerokuBuilder, own, [], publishTo: "registry.example.com", alwaysWriteRunToml: false);

        Assert.Equal(own, choice.Image);
        Assert.StartsWith("[[images]]\nimage = \"registry.example.com/team/run:1\"\n", choice.RunToml, StringComparison.Ordinal);
        Assert.Contains("image = \"docker.io/heroku/heroku:24\"", choice.RunToml, StringComparison.Ordinal);
    }

    [Fact]
    public void Phases_from_a_lifecycle_image_get_the_builders_run_toml()
    {
        var choice = RunImageChoice.Choose(Heroku, HerokuBuilder, null, [], publishTo: null, alwaysWriteRunToml: true);

        Assert.Equal("[[images]]\nimage = \"docker.io/heroku/heroku:24\"\nmirrors = [\"public.ecr.aws/heroku/heroku:24\"]\n", choice.RunToml);
    }
}
