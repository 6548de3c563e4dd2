using Customizable.Vlm.Cli.Output;

namespace Customizable.Vlm.Cli.Tests.Output;

/// <summary>Text from outside the tool is printed with its control characters and bidirectional marks escaped.</summary>
public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("parts/a.png", "parts/a.png")]
    [InlineData("a\u001B[2Jb.png", "a\\x1B[2Jb.png")]
    [InlineData("a\nok.png: normal", "a\\nok.png: normal")]
    [InlineData("a\rb\tc\u007F\u0085", "a\\rb\\tc\\x7F\\x85")]
    [InlineData("invoice\u202Egnp.exe", "invoice\\u202Egnp.exe")]
    [InlineData("\u2066x\u2069", "\\u2066x\\u2069")]
    [InlineData("défaut 缺陷 ✓.png", "défaut 缺陷 ✓.png")]
    public void A_line_escapes_every_control_character_and_bidirectional_mark(string text, string expected) =>
        Assert.Equal(expected, TerminalText.Line(text));

    [Fact]
    public void A_block_keeps_line_feeds_and_tabs_and_escapes_the_rest()
    {
        Assert.Equal("first\n\tsecond \\x1B]0;title\\x07 \\r", TerminalText.Block("first\n\tsecond \u001B]0;title\u0007 \r"));
    }

    [Fact]
    public void Text_without_anything_to_escape_is_returned_as_is()
    {
        const string text = "tire/000.png";

        Assert.Same(text, TerminalText.Line(text));
        Assert.Same(text, TerminalText.Block(text));
    }
}
