using System.Buffers.Text;

namespace Customizable.Vlm.PointClouds;

/// <summary>Walks ASCII bytes as lines and tokens (separators: space, tab, comma, semicolon) without allocating.</summary>
internal ref struct TextCursor
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public TextCursor(ReadOnlySpan<byte> data, int position = 0)
    {
        _data = data;
        _position = position;
    }

    public readonly int Position => _position;

    public readonly bool AtEnd => _position >= _data.Length;

    public readonly int Remaining => _data.Length - _position;

    public static bool IsSeparator(byte b) => b is (byte)' ' or (byte)'\t' or (byte)',' or (byte)';' or (byte)'\r';

    /// <summary>Returns the next line without its terminator (CR LF or LF) and moves past it.</summary>
    public ReadOnlySpan<byte> NextLine()
    {
        ReadOnlySpan<byte> rest = _data[_position..];
        int end = rest.IndexOf((byte)'\n');
        ReadOnlySpan<byte> line = end < 0 ? rest : rest[..end];
        _position += end < 0 ? rest.Length : end + 1;
        return line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
    }

    /// <summary>Returns the next token, crossing line ends, or an empty span at the end.</summary>
    public ReadOnlySpan<byte> NextToken()
    {
        while (_position < _data.Length && (IsSeparator(_data[_position]) || _data[_position] == (byte)'\n'))
        {
            _position++;
        }

        int start = _position;
        while (_position < _data.Length && !IsSeparator(_data[_position]) && _data[_position] != (byte)'\n')
        {
            _position++;
        }

        return _data[start.._position];
    }

    /// <summary>Splits a line into tokens, writing at most <paramref name="tokens"/>.Length (start, length) pairs; returns the token count found (may exceed the buffer).</summary>
    public static int Split(ReadOnlySpan<byte> line, Span<(int Start, int Length)> tokens)
    {
        int count = 0, i = 0;
        while (true)
        {
            while (i < line.Length && IsSeparator(line[i]))
            {
                i++;
            }

            if (i >= line.Length)
            {
                return count;
            }

            int start = i;
            while (i < line.Length && !IsSeparator(line[i]))
            {
                i++;
            }

            if (count < tokens.Length)
            {
                tokens[count] = (start, i - start);
            }

            count++;
        }
    }

    /// <summary>Parses a decimal number, accepting <c>nan</c>, <c>inf</c> and <c>infinity</c> with an optional sign (any case).</summary>
    public static bool TryParseNumber(ReadOnlySpan<byte> token, out double value)
    {
        if (token.IsEmpty)
        {
            value = 0;
            return false;
        }

        if (Utf8Parser.TryParse(token, out value, out int consumed) && consumed == token.Length)
        {
            return true;
        }

        ReadOnlySpan<byte> t = token[0] is (byte)'-' or (byte)'+' ? token[1..] : token;
        if (t.Length is >= 3 and <= 8 && (t[0] | 0x20) is (byte)'n' or (byte)'i')
        {
            Span<byte> lower = stackalloc byte[t.Length];
            for (int i = 0; i < t.Length; i++)
            {
                lower[i] = (byte)(t[i] | 0x20);
            }

            if (lower.SequenceEqual("nan"u8))
            {
                value = double.NaN;
                return true;
            }

            if (lower.SequenceEqual("inf"u8) || lower.SequenceEqual("infinity"u8))
            {
                value = token[0] == (byte)'-' ? double.NegativeInfinity : double.PositiveInfinity;
                return true;
            }
        }

        value = 0;
        return false;
    }

    /// <summary>Parses a number or throws the reader's typed error naming the source and element.</summary>
    public static double ParseNumber(ReadOnlySpan<byte> token, string? name, string element)
    {
        if (!TryParseNumber(token, out double value))
        {
            string shown = token.IsEmpty ? "end of data" : $"'{System.Text.Encoding.ASCII.GetString(token[..Math.Min(token.Length, 32)])}'";
            throw new InvalidObservationException(name, $"Expected a number in {element}, found {shown}.", null);
        }

        return value;
    }
}
