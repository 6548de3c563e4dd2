namespace Customizable.Vlm.Imaging;

/// <summary>
/// Reads the bits of a lossless WebP (VP8L) bitstream in its order (least significant bit of each byte first), refusing to
/// read past the end of the data: a read that would needs bits the data does not hold raises <see cref="ImageDecodingException"/>.
/// </summary>
/// <remarks>A mutable value over borrowed memory; one caller at a time. It allocates nothing.</remarks>
internal ref struct Vp8LBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string? _name;
    private readonly string _what;
    private long _position;

    /// <summary>Initializes a reader at the first bit of <paramref name="data"/>.</summary>
    /// <param name="data">The bitstream.</param>
    /// <param name="name">The source name for messages.</param>
    /// <param name="what">What the bitstream is, for messages (for example "lossless WebP data").</param>
    public Vp8LBitReader(ReadOnlySpan<byte> data, string? name, string what)
    {
        _data = data;
        _name = name;
        _what = what;
        _position = 0;
    }

    /// <summary>Gets the number of bits not read yet.</summary>
    public readonly long RemainingBits => ((long)_data.Length * 8) - _position;

    /// <summary>Reads <paramref name="count"/> bits (0 to 24) as an unsigned value, the first bit read being the least significant.</summary>
    /// <param name="count">The number of bits.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ImageDecodingException">The data ends before these bits.</exception>
    public uint Read(int count)
    {
        if (count > RemainingBits)
        {
            throw Truncated($"it ends at byte {_data.Length:N0} in the middle of the bitstream.");
        }

        uint value = 0;
        for (int done = 0; done < count;)
        {
            int index = (int)(_position >> 3);
            int shift = (int)(_position & 7);
            int take = Math.Min(8 - shift, count - done);
            uint bits = (uint)(_data[index] >> shift) & ((1u << take) - 1);
            value |= bits << done;
            done += take;
            _position += take;
        }

        return value;
    }

    /// <summary>Reads one bit.</summary>
    /// <returns>Whether the bit is set.</returns>
    /// <exception cref="ImageDecodingException">The data ends before this bit.</exception>
    public bool ReadBit() => Read(1) != 0;

    /// <summary>Creates the exception for data that ends too early, naming the source.</summary>
    /// <param name="detail">Where or why, ending with a full stop.</param>
    /// <returns>The exception to throw.</returns>
    public readonly ImageDecodingException Truncated(string detail) =>
        new(_name, $"The {_what} is truncated or incomplete: {detail}", null);

    /// <summary>Creates the exception for an invalid bitstream, naming the source.</summary>
    /// <param name="detail">What is invalid, ending with a full stop.</param>
    /// <returns>The exception to throw.</returns>
    public readonly ImageDecodingException Corrupt(string detail) =>
        new(_name, $"The {_what} is corrupt: {detail}", null);
}
