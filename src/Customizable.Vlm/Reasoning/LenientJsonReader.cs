using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Customizable.Vlm.Reasoning;

/// <summary>
/// Reads JSON and the JSON-like text language models write: single-quoted strings, unquoted keys, trailing or missing commas,
/// Python literals and bare words, raw control characters in strings, comments, and (when asked) text cut off before its end.
/// </summary>
/// <remarks>
/// Values are <see cref="LenientObject"/>, <see cref="List{T}"/> of values, <see cref="string"/>, <see cref="double"/>,
/// <see cref="bool"/> or null. Time and memory are linear in the input; nesting deeper than the given limit fails the read (no deep
/// recursion). The reader never throws: every failure returns false.
/// </remarks>
internal ref struct LenientJsonReader
{
    private readonly ReadOnlySpan<char> _text;
    private readonly int _maxDepth;
    private readonly bool _allowTruncation;
    private int _pos;
    private JsonRepairs _repairs;

    private LenientJsonReader(ReadOnlySpan<char> text, int maxDepth, bool allowTruncation)
    {
        _text = text;
        _maxDepth = maxDepth;
        _allowTruncation = allowTruncation;
    }

    /// <summary>Reads one value that must span the whole text (surrounding white space allowed).</summary>
    /// <param name="text">The text.</param>
    /// <param name="maxDepth">The deepest nesting of objects and arrays accepted.</param>
    /// <param name="allowTruncation">Whether an end of text inside a string, object or array closes them (noted as truncated).</param>
    /// <param name="value">The value read.</param>
    /// <param name="repairs">What had to be forgiven.</param>
    /// <returns>Whether the text could be read.</returns>
    public static bool TryRead(ReadOnlySpan<char> text, int maxDepth, bool allowTruncation, out object? value, out JsonRepairs repairs)
    {
        var reader = new LenientJsonReader(text, maxDepth, allowTruncation);
        bool ok = reader.TryReadValue(0, out value);
        if (ok)
        {
            reader.SkipWhiteSpaceAndComments();
            ok = reader._pos >= text.Length;
        }

        repairs = reader._repairs;
        if (!ok)
        {
            value = null;
        }

        return ok;
    }

    private readonly bool AtEnd => _pos >= _text.Length;

    private bool TryReadValue(int depth, out object? value)
    {
        value = null;
        SkipWhiteSpaceAndComments();
        if (AtEnd)
        {
            return false;
        }

        char c = _text[_pos];
        switch (c)
        {
            case '{':
                return TryReadObject(depth + 1, out value);
            case '[':
                return TryReadArray(depth + 1, out value);
            case '"':
            case '\'':
                bool ok = TryReadString(out string? s);
                value = s;
                return ok;
            default:
                if (c == '-' || c == '+' || c == '.' || char.IsAsciiDigit(c))
                {
                    return TryReadNumberOrWord(out value);
                }

                return TryReadBareWord(out value);
        }
    }

    private bool TryReadObject(int depth, out object? value)
    {
        value = null;
        if (depth > _maxDepth)
        {
            return false;
        }

        _pos++; // '{'
        var result = new LenientObject();
        while (true)
        {
            if (!TryMoveToNextEntry('}', result.Members.Count, out bool closed))
            {
                return false;
            }

            if (closed)
            {
                value = result;
                return true;
            }

            if (!TryReadKey(out string? key))
            {
                return false;
            }

            SkipWhiteSpaceAndComments();
            if (AtEnd)
            {
                return AcceptTruncation(result, out value);
            }

            if (_text[_pos] is not (':' or '='))
            {
                return false;
            }

            if (_text[_pos] == '=')
            {
                _repairs |= JsonRepairs.BareWords;
            }

            _pos++;
            SkipWhiteSpaceAndComments();
            if (AtEnd)
            {
                return AcceptTruncation(result, out value);
            }

            if (!TryReadValue(depth, out object? member))
            {
                return false;
            }

            result.Members.Add(new KeyValuePair<string, object?>(key, member));
        }
    }

    private bool TryReadArray(int depth, out object? value)
    {
        value = null;
        if (depth > _maxDepth)
        {
            return false;
        }

        _pos++; // '['
        var result = new List<object?>();
        while (true)
        {
            if (!TryMoveToNextEntry(']', result.Count, out bool closed))
            {
                return false;
            }

            if (closed)
            {
                value = result;
                return true;
            }

            if (!TryReadValue(depth, out object? item))
            {
                return false;
            }

            result.Add(item);
        }
    }

    /// <summary>
    /// Moves past white space and commas to the next member or item of the object or array being read, or past its closing bracket.
    /// Extra commas (leading, doubled or trailing) and missing ones are noted as repairs.
    /// </summary>
    /// <param name="close">The closing bracket: <c>}</c> or <c>]</c>.</param>
    /// <param name="count">How many members or items were read so far.</param>
    /// <param name="closed">Whether the container ended: its closing bracket was read, or the text ended and truncation is allowed.</param>
    /// <returns>False when the text ends and truncation is not allowed.</returns>
    private bool TryMoveToNextEntry(char close, int count, out bool closed)
    {
        closed = true;
        bool expectEntry = count == 0;
        bool sawComma = false;
        while (true)
        {
            SkipWhiteSpaceAndComments();
            if (AtEnd)
            {
                return AcceptTruncation();
            }

            char c = _text[_pos];
            if (c == close)
            {
                if (sawComma)
                {
                    _repairs |= JsonRepairs.TrailingCommas;
                }

                _pos++;
                return true;
            }

            if (c != ',')
            {
                if (!expectEntry)
                {
                    _repairs |= JsonRepairs.MissingCommas;
                }

                closed = false;
                return true;
            }

            if (sawComma || count == 0)
            {
                _repairs |= JsonRepairs.TrailingCommas;
            }

            sawComma = true;
            expectEntry = true;
            _pos++;
        }
    }

    /// <summary>At an end of text inside a value: whether that is accepted (truncation allowed), noting the repair when it is.</summary>
    private bool AcceptTruncation()
    {
        if (!_allowTruncation)
        {
            return false;
        }

        _repairs |= JsonRepairs.Truncated;
        return true;
    }

    /// <summary>At an end of text inside a value: whether that is accepted, with the value read so far, or null when it is not.</summary>
    private bool AcceptTruncation<T>(T partial, [NotNullWhen(true)] out T? value)
        where T : class
    {
        bool accepted = AcceptTruncation();
        value = accepted ? partial : null;
        return accepted;
    }

    private bool TryReadKey([NotNullWhen(true)] out string? key)
    {
        key = null;
        char c = _text[_pos];
        if (c is '"' or '\'')
        {
            return TryReadString(out key);
        }

        int start = _pos;
        while (!AtEnd && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '-' or '$' or '.' or ' '))
        {
            _pos++;
        }

        ReadOnlySpan<char> word = _text[start.._pos].TrimEnd(' ');
        if (word.IsEmpty)
        {
            return false;
        }

        _repairs |= JsonRepairs.UnquotedKeys;
        key = word.ToString();
        return true;
    }

    private bool TryReadString([NotNullWhen(true)] out string? value)
    {
        value = null;
        char quote = _text[_pos];
        if (quote == '\'')
        {
            _repairs |= JsonRepairs.SingleQuotes;
        }

        _pos++;
        var builder = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                return AcceptTruncation(builder.ToString(), out value);
            }

            char c = _text[_pos++];
            if (c == quote)
            {
                value = builder.ToString();
                return true;
            }

            if (c == '\\')
            {
                if (AtEnd)
                {
                    continue;
                }

                char e = _text[_pos++];
                switch (e)
                {
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u' when _pos + 4 <= _text.Length &&
                        ushort.TryParse(_text.Slice(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort code):
                        builder.Append((char)code);
                        _pos += 4;
                        break;
                    default:
                        if (e == '\'' && quote == '\'')
                        {
                            builder.Append('\'');
                            break;
                        }

                        _repairs |= JsonRepairs.BadEscapes;
                        builder.Append(e);
                        break;
                }

                continue;
            }

            if (c < ' ')
            {
                _repairs |= JsonRepairs.ControlCharacters;
            }

            builder.Append(c);
        }
    }

    private bool TryReadNumberOrWord(out object? value)
    {
        int start = _pos;
        while (!AtEnd && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] is '-' or '+' or '.' or 'e' or 'E'))
        {
            _pos++;
        }

        ReadOnlySpan<char> token = _text[start.._pos];
        bool percent = !AtEnd && _text[_pos] == '%';
        if (percent)
        {
            _pos++;
        }

        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number))
        {
            if (percent || token[0] is '+' or '.' || token.StartsWith("-.") || (token.Length > 1 && token[0] == '0' && char.IsAsciiDigit(token[1])) || token[^1] == '.')
            {
                _repairs |= JsonRepairs.NumberFormat;
            }

            // A percentage stays a string so that its reader knows to divide it by 100.
            value = percent ? token.ToString() + "%" : number;
            return true;
        }

        _pos = start;
        return TryReadBareWord(out value);
    }

    private bool TryReadBareWord(out object? value)
    {
        value = null;
        int start = _pos;
        while (!AtEnd && _text[_pos] is not (',' or '}' or ']' or '\n' or '\r' or '{' or '[' or ':' or '"'))
        {
            _pos++;
        }

        ReadOnlySpan<char> word = _text[start.._pos].Trim();
        if (word.IsEmpty)
        {
            return false;
        }

        switch (word)
        {
            case "true":
                value = true;
                return true;
            case "false":
                value = false;
                return true;
            case "null":
                value = null;
                return true;
        }

        _repairs |= JsonRepairs.BareWords;
        if (word.Equals("True", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
        }
        else if (word.Equals("False", StringComparison.OrdinalIgnoreCase))
        {
            value = false;
        }
        else if (word.Equals("None", StringComparison.OrdinalIgnoreCase) || word.Equals("null", StringComparison.OrdinalIgnoreCase) ||
                 word.Equals("undefined", StringComparison.Ordinal))
        {
            value = null;
        }
        else
        {
            value = word.ToString();
        }

        return true;
    }

    private void SkipWhiteSpaceAndComments()
    {
        while (!AtEnd)
        {
            char c = _text[_pos];
            if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                _pos++;
            }
            else if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '/')
            {
                _repairs |= JsonRepairs.Comments;
                while (!AtEnd && _text[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '*')
            {
                _repairs |= JsonRepairs.Comments;
                int end = _text[(_pos + 2)..].IndexOf("*/", StringComparison.Ordinal);
                _pos = end < 0 ? _text.Length : _pos + 2 + end + 2;
            }
            else
            {
                return;
            }
        }
    }
}
