namespace Customizable.Vlm.Reasoning;

/// <summary>Finds brace-balanced spans (<c>{ ... }</c>) in free text in one linear pass, aware of quoted strings inside braces.</summary>
/// <remarks>Quotes count only inside braces, so apostrophes in prose do not hide what follows. At most
/// <c>maxSpans</c> spans are kept (the latest to close); nesting deeper than <c>maxDepth</c> is counted
/// but not recorded. Memory is O(maxSpans + maxDepth) whatever the text.</remarks>
internal static class JsonSpanScanner
{
    /// <summary>Scans <paramref name="text"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="maxSpans">How many closed spans to keep at most (the last ones to close).</param>
    /// <param name="maxDepth">How deep nesting is recorded.</param>
    /// <param name="unclosedStart">The start of the outermost brace still open at the end of the text, or -1.</param>
    /// <returns>Closed spans as (start, length), in the order they close (inner before outer, earlier before later).</returns>
    public static List<(int Start, int Length)> Scan(ReadOnlySpan<char> text, int maxSpans, int maxDepth, out int unclosedStart)
    {
        var spans = new Queue<(int Start, int Length)>();
        Span<int> starts = maxDepth <= 256 ? stackalloc int[maxDepth] : new int[maxDepth];
        int depth = 0;
        int overflow = 0;
        char quote = '\0';
        bool escaped = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quote != '\0')
            {
                if (escaped)
                {
                    escaped = false;
                }
                else if (c == '\\')
                {
                    escaped = true;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            switch (c)
            {
                case '"' or '\'' when depth > 0:
                    // An apostrophe inside a word ("it's") does not open a string: only a quote after a delimiter does.
                    if (c == '\'' && i > 0 && char.IsLetterOrDigit(text[i - 1]))
                    {
                        break;
                    }

                    quote = c;
                    break;
                case '{':
                    if (depth < maxDepth)
                    {
                        starts[depth++] = i;
                    }
                    else
                    {
                        overflow++;
                    }

                    break;
                case '}':
                    if (overflow > 0)
                    {
                        overflow--;
                    }
                    else if (depth > 0)
                    {
                        depth--;
                        if (spans.Count == maxSpans)
                        {
                            spans.Dequeue();
                        }

                        spans.Enqueue((starts[depth], i - starts[depth] + 1));
                    }

                    break;
            }
        }

        unclosedStart = depth > 0 ? starts[0] : -1;
        return [.. spans];
    }
}
