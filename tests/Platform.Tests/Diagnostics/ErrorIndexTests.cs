using System.Reflection;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Platform.Tests.Diagnostics;

/// <summary>
/// docs/errors.md is generated from the message sources and must not drift from them; every code has its entry there,
/// and the help link every logged error carries points at it.
/// </summary>
public sealed class ErrorIndexTests
{
    private static readonly string Diagnostics = RepositoryRoot.Combine("src", "Platform", "Diagnostics");

    private static readonly string IndexPath = RepositoryRoot.Combine("docs", "errors.md");

    [Fact]
    public void Docs_errors_md_is_the_index_the_message_sources_generate()
    {
        var expected = ErrorIndexDocument.Render(Diagnostics);
        if (Environment.GetEnvironmentVariable("BUILDPACKS_UPDATE_ERROR_INDEX") == "1")
        {
            File.WriteAllText(IndexPath, expected);
        }

        var actual = File.Exists(IndexPath) ? File.ReadAllText(IndexPath) : "";
        Assert.True(
            expected == actual,
            $"docs/errors.md differs from what src/Platform/Diagnostics generates; run {ErrorIndexDocument.UpdateCommand}");
    }

    [Fact]
    public void Every_code_has_an_entry_with_its_message_and_named_placeholders()
    {
        var codes = typeof(Messages).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => ((string)f.GetRawConstantValue()!)[..6])
            .Order(StringComparer.Ordinal)
            .ToList();
        var entries = ErrorIndexDocument.Read(Diagnostics).SelectMany(s => s.Entries).ToList();

        Assert.Equal(codes, entries.Select(e => e.Code).Order(StringComparer.Ordinal));
        var invalidImage = Assert.Single(entries, e => e.Code == "BP1001");
        Assert.StartsWith("BuildpackImage '‹the value›' is not a valid image name (‹why it is invalid›).", invalidImage.Text, StringComparison.Ordinal);
        Assert.All(entries, e => Assert.DoesNotMatch(@"\{\d+\}", e.Text));
    }

    [Fact]
    public void A_help_link_is_the_anchor_of_the_codes_heading_in_the_index()
    {
        var message = CodedMessage.Format(Messages.InvalidImageName, "Bad", "uppercase");

        Assert.Equal(ErrorIndex.Address + "#bp1001", message.HelpLink);
        Assert.Contains("\n### BP1001\n", File.ReadAllText(IndexPath), StringComparison.Ordinal);
    }
}
