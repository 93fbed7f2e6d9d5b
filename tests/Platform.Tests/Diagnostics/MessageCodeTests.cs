using System.Reflection;
using System.Text.RegularExpressions;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.TestInfrastructure;

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
        var ranges = RangeFiles().Keys.ToHashSet();
        foreach (var (name, text) in All)
        {
            Assert.True(ranges.Contains(text[2]), $"{name} has a code outside the ranges Messages.cs lists: {text}");
        }
    }

    [Fact]
    public void Every_code_sits_in_the_file_of_its_range()
    {
        var ranges = RangeFiles();
        var sources = Directory.GetFiles(RepositoryRoot.Combine("src", "Platform", "Diagnostics"), "Messages*.cs");
        var seen = 0;
        foreach (var source in sources)
        {
            var file = Path.GetFileName(source);
            foreach (Match code in CodeInSource().Matches(File.ReadAllText(source)))
            {
                seen++;
                var digit = code.Groups["code"].Value[2];
                Assert.True(ranges.TryGetValue(digit, out var expected) && expected == file, $"{code.Groups["code"].Value} ({code.Groups["name"].Value}) is in {file}, but its range BP{digit}xxx belongs in {(expected ?? "no file")}");
            }
        }

        Assert.Equal(All.Count, seen);
    }

    [Fact]
    public void Every_error_and_warning_the_targets_raise_is_a_message_with_its_text_and_help_link_and_without_its_code_repeated()
    {
        var byCode = All.ToDictionary(m => m.Text[..6], m => m.Text[8..]);
        var targets = Directory.GetFiles(RepositoryRoot.Combine("src", "Sdk"), "*.targets", SearchOption.AllDirectories);
        var raised = 0;
        foreach (var file in targets)
        {
            foreach (var element in System.Xml.Linq.XDocument.Load(file).Descendants().Where(e => e.Name.LocalName is "Error" or "Warning"))
            {
                raised++;
                var code = (string?)element.Attribute("Code") ?? "";
                var text = (string?)element.Attribute("Text") ?? "";
                Assert.True(byCode.TryGetValue(code, out var expected), $"{Path.GetFileName(file)} raises {code}, which is not in Messages");
                Assert.False(text.StartsWith(code, StringComparison.Ordinal), $"{Path.GetFileName(file)} repeats the code {code} in its text (MSBuild prints the code itself)");
                Assert.Equal(expected, text);
                Assert.Equal(ErrorIndex.Link(code), (string?)element.Attribute("HelpLink"));
            }
        }

        Assert.True(raised > 0, "the targets raise no coded error at all");
    }

    // The range map in Messages.cs's summary: "BPnxxx <what> (Messages.X.cs)", and "(this file)" for Messages.cs itself.
    private static Dictionary<char, string> RangeFiles()
    {
        var summary = File.ReadAllText(RepositoryRoot.Combine("src", "Platform", "Diagnostics", "Messages.cs"));
        var ranges = RangeInSummary().Matches(summary.Replace("\n    /// ", " ", StringComparison.Ordinal).Replace("\n/// ", " ", StringComparison.Ordinal))
            .ToDictionary(m => m.Groups["digit"].Value[0], m => m.Groups["file"].Value == "this file" ? "Messages.cs" : m.Groups["file"].Value);
        Assert.True(ranges.Count >= 9, $"Messages.cs lists {ranges.Count} ranges");
        return ranges;
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

    [GeneratedRegex(@"public const string (?<name>\w+) = ""(?<code>BP\d{4}):")]
    private static partial Regex CodeInSource();

    [GeneratedRegex(@"BP(?<digit>\d)xxx [^()]*?\((?<file>Messages\.\w+\.cs|this file)\)")]
    private static partial Regex RangeInSummary();
}
