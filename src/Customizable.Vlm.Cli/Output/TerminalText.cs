using System.Globalization;
using System.Text;

namespace Customizable.Vlm.Cli.Output;

/// <summary>Makes text that comes from outside the tool (file names, a model's reply, error messages quoting them) safe to print on
/// a terminal: control characters (C0, DEL, C1) and the bidirectional embedding, override and isolate marks are written as visible
/// escapes (<c>\n</c>, <c>\x1B</c>, <c>\u202E</c>), so a file name cannot move the cursor, recolour or clear the terminal, forge an
/// output line or reorder what follows it.</summary>
internal static class TerminalText
{
    /// <summary>Text printed on one line (a path, an error line): every line break is escaped too.</summary>
    public static string Line(string text) => Escape(text, keepLineBreaks: false);

    /// <summary>Text that may span lines (a reasoning): line feeds and tabs are kept, every other control character is escaped.</summary>
    public static string Block(string text) => Escape(text, keepLineBreaks: true);

    private static string Escape(string text, bool keepLineBreaks)
    {
        ArgumentNullException.ThrowIfNull(text);
        int first = 0;
        while (first < text.Length && !IsUnsafe(text[first], keepLineBreaks))
        {
            first++;
        }

        if (first == text.Length)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8).Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (!IsUnsafe(c, keepLineBreaks))
            {
                escaped.Append(c);
                continue;
            }

            switch (c)
            {
                case '\n': escaped.Append("\\n"); break;
                case '\r': escaped.Append("\\r"); break;
                case '\t': escaped.Append("\\t"); break;
                default:
                    escaped.Append(c <= '\u00FF'
                        ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}")
                        : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"));
                    break;
            }
        }

        return escaped.ToString();
    }

    private static bool IsUnsafe(char c, bool keepLineBreaks) =>
        char.IsControl(c) ? !(keepLineBreaks && c is '\n' or '\t') : c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
