using System.Text;

namespace Customizable.Vlm.Prompting;

/// <summary>Parses and renders template text: <c>{name}</c> placeholders (letters, digits, underscores), <c>{{</c> and <c>}}</c> for
/// literal braces, any other brace literal.</summary>
internal static class TemplateText
{
    /// <summary>One piece of a template: literal text, or a placeholder name.</summary>
    public readonly record struct Segment(bool IsPlaceholder, string Text);

    public static List<Segment> Parse(string template)
    {
        var segments = new List<Segment>();
        var literal = new StringBuilder();
        int i = 0;
        while (i < template.Length)
        {
            char c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                literal.Append(c);
                i += 2;
                continue;
            }

            if (c == '{')
            {
                int end = i + 1;
                while (end < template.Length && (char.IsAsciiLetterOrDigit(template[end]) || template[end] == '_'))
                {
                    end++;
                }

                if (end > i + 1 && end < template.Length && template[end] == '}')
                {
                    if (literal.Length > 0)
                    {
                        segments.Add(new Segment(false, literal.ToString()));
                        literal.Clear();
                    }

                    segments.Add(new Segment(true, template[(i + 1)..end]));
                    i = end + 1;
                    continue;
                }
            }

            literal.Append(c);
            i++;
        }

        if (literal.Length > 0)
        {
            segments.Add(new Segment(false, literal.ToString()));
        }

        return segments;
    }

    public static IEnumerable<string> Placeholders(string? template) =>
        template is null ? [] : Parse(template).Where(s => s.IsPlaceholder).Select(s => s.Text);

    public static string Render(string template, IReadOnlyDictionary<string, string> values)
    {
        var builder = new StringBuilder(template.Length + 64);
        foreach (Segment segment in Parse(template))
        {
            builder.Append(segment.IsPlaceholder ? values[segment.Text] : segment.Text);
        }

        return builder.ToString();
    }
}
