namespace Customizable.Vlm.Imaging;

/// <summary>
/// One canonical prefix code of a lossless WebP bitstream, built from its code lengths and decoded bit by bit (codes are
/// stored most significant bit first, as in deflate). Used by <see cref="WebpLosslessStructure"/> to walk the parts of the
/// bitstream that size the decoder's allocations; it needs no lookup table, so building it costs the alphabet size and no more.
/// </summary>
/// <remarks>Mutable scratch state, reused for one code after another by one caller at a time.</remarks>
internal sealed class Vp8LPrefixCode
{
    /// <summary>The longest code length a VP8L prefix code may use.</summary>
    public const int MaxCodeLength = 15;

    private readonly int[] _counts = new int[MaxCodeLength + 1];
    private readonly int[] _offsets = new int[MaxCodeLength + 2];
    private readonly int[] _symbols;
    private int _single;

    /// <summary>Initializes scratch space for codes of up to <paramref name="maxAlphabetSize"/> symbols.</summary>
    /// <param name="maxAlphabetSize">The largest alphabet this instance will hold.</param>
    public Vp8LPrefixCode(int maxAlphabetSize)
    {
        _symbols = new int[maxAlphabetSize];
    }

    /// <summary>
    /// Builds the code from its lengths (0 = symbol unused). A code with one used symbol decodes it from zero bits, as the
    /// reference decoder (libwebp) and ImageSharp do.
    /// </summary>
    /// <param name="lengths">The code length of every symbol of the alphabet, 0 to <see cref="MaxCodeLength"/>.</param>
    /// <returns>False when no symbol is used, or the lengths over-subscribe or do not fill the code space (libwebp refuses both).</returns>
    public bool TryBuild(ReadOnlySpan<int> lengths)
    {
        Array.Clear(_counts);
        int used = 0, last = -1;
        for (int symbol = 0; symbol < lengths.Length; symbol++)
        {
            int length = lengths[symbol];
            if (length is < 0 or > MaxCodeLength)
            {
                return false;
            }

            _counts[length]++;
            if (length > 0)
            {
                used++;
                last = symbol;
            }
        }

        if (used == 0)
        {
            return false;
        }

        // A lone symbol is read from no bits at all (libwebp and ImageSharp treat it so when its length is below 15).
        if (used == 1 && lengths[last] < MaxCodeLength)
        {
            _single = last;
            return true;
        }

        _single = -1;
        long left = 1;
        for (int length = 1; length <= MaxCodeLength; length++)
        {
            left = (left << 1) - _counts[length];
            if (left < 0)
            {
                return false;
            }
        }

        if (left != 0)
        {
            return false;
        }

        _offsets[1] = 0;
        for (int length = 1; length <= MaxCodeLength; length++)
        {
            _offsets[length + 1] = _offsets[length] + _counts[length];
        }

        for (int symbol = 0; symbol < lengths.Length; symbol++)
        {
            int length = lengths[symbol];
            if (length > 0)
            {
                _symbols[_offsets[length]++] = symbol;
            }
        }

        return true;
    }

    /// <summary>Reads one symbol.</summary>
    /// <param name="reader">The bitstream.</param>
    /// <returns>The symbol.</returns>
    /// <exception cref="ImageDecodingException">The data ends inside the code.</exception>
    public int Decode(ref Vp8LBitReader reader)
    {
        if (_single >= 0)
        {
            return _single;
        }

        // Canonical decoding: the codes of each length are consecutive numbers following those of the shorter lengths.
        int code = 0, first = 0, index = 0;
        for (int length = 1; length <= MaxCodeLength; length++)
        {
            code |= (int)reader.Read(1);
            int count = _counts[length];
            if (code - first < count)
            {
                return _symbols[index + code - first];
            }

            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }

        // Unreachable for a code that TryBuild accepted: a complete code decodes every bit pattern.
        throw reader.Corrupt("a prefix code could not be decoded.");
    }
}
