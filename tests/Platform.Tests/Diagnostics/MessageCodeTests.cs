using System.Reflection;
using System.Text.RegularExpressions;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Tests.Diagnostics;

public sealed partial class MessageCodeTests
{
    private static readonly IReadOnlyList<(string Name, string Text)> All = typeof(Messages)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (f.Name, (string)f.GetRawConstantValue()!))
        .ToList();

    [Fact]
    public void There_are_messages()
    {
        Assert.NotEmpty(All);
    }

    [Fact]
    public void Every_message_starts_with_BP_four_digits_and_a_colon()
    {
        foreach (var (name, text) in All)
        {
            Assert.True(CodePrefix().IsMatch(text), $"{name} does not start with 'BPnnnn: ': {text}");
        }
    }

    [Fact]
    public void No_two_messages_share_a_code()
    {
        var duplicates = All.GroupBy(m => m.Text[..6]).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Every_code_is_in_a_known_range()
    {
        // 1: inputs and properties, 2: registries, images, builders, 3: the daemon, 4: the lifecycle and build, 5: rebase,
        // 6: making builders and packages, 9: unexpected.
        foreach (var (name, text) in All)
        {
            Assert.True("1234569".Contains(text[2], StringComparison.Ordinal), $"{name} has a code outside the known ranges: {text}");
        }
    }

    [Fact]
    public void A_formatted_message_splits_into_code_and_text()
    {
        var message = CodedMessage.Format(Messages.InvalidImageName, "Bad", "uppercase");

        Assert.Equal("BP1001", message.Code);
        Assert.StartsWith("BuildpackImage 'Bad'", message.Text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^BP\d{4}: \S")]
    private static partial Regex CodePrefix();
}
