using Buildpacks.Lifecycle.Cli;
using Xunit;

namespace Buildpacks.Lifecycle.Tests.Cli;

public sealed class GoFlagsTests
{
    [Fact]
    public void Flags_take_a_separate_or_attached_value_with_one_or_two_dashes()
    {
        var flags = new GoFlags().String("app").String("layers").String("group").Bool("no-color");

        flags.Parse(["-app", "/a", "--layers=/l", "-no-color", "--group", "/g"]);

        Assert.Equal(("/a", "/l", "/g", ""), (flags.Get("app"), flags.Get("layers"), flags.Get("group"), flags.Get("no-color")));
        Assert.Empty(flags.Positional);
    }

    [Fact]
    public void Parsing_stops_at_the_first_positional_argument()
    {
        var flags = new GoFlags().String("app").Bool("daemon");

        flags.Parse(["-daemon", "true", "-app", "/a"]);

        Assert.Null(flags.Get("app"));
        Assert.Equal(["true", "-app", "/a"], flags.Positional);
    }

    [Fact]
    public void Undefined_flags_and_missing_values_are_rejected()
    {
        Assert.Throws<FormatException>(() => new GoFlags().String("app").Parse(["-nope"]));
        Assert.Throws<FormatException>(() => new GoFlags().String("app").Parse(["-app"]));
    }
}
