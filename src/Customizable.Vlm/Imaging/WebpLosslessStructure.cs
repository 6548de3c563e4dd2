namespace Customizable.Vlm.Imaging;

/// <summary>
/// Walks a lossless WebP (VP8L) bitstream as far as the parts that size ImageSharp 2.1's allocations - the transforms, the
/// colour cache, the entropy image and every group of prefix codes it declares - and refuses, before the decoder runs, data
/// whose prefix-code tables would need more than a byte budget, or that ends before the groups it declares.
/// </summary>
/// <remarks>
/// <para>Why: the entropy image gives each block of the image the index of a group of five prefix codes, and the decoder reads
/// as many groups as the largest index plus one (up to 65,536). ImageSharp 2.1's <c>WebpLosslessDecoder.ReadHuffmanCodes</c>
/// allocates, before reading any group, one plain array of <c>groups * TableSize[colourCacheBits]</c> 8-byte entries (2,954 to
/// 5,004 entries per group), then per group a copy of each of its five tables, a 64-entry packed table and scratch arrays of
/// the alphabet sizes. None of that goes through its <c>MemoryAllocator</c>, so the allocation limit there does not apply: 97
/// bytes whose entropy image holds index 65,535 made it allocate 1.5 GB before failing.</para>
/// <para>How: the entropy image is decoded without storing it: a backward reference or a colour-cache hit repeats a value
/// already seen, so the largest group index is the largest of the literal pixels, and only the number of pixels and the bit
/// position matter otherwise. Transform images are walked the same way to reach the bits after them. The walk reads each bit
/// once, allocates a few kilobytes whatever the input, and stops before the pixel data of the image itself.</para>
/// <para>It mirrors how ImageSharp 2.1 reads the bitstream and is stricter only where libwebp, the reference decoder, refuses
/// the data too (an empty, over-subscribed or incomplete prefix code; a code-length repeat past the alphabet; a backward
/// reference past the end of a transform or entropy image).</para>
/// <para>Thread-safety: an instance is scratch state for one walk; the static entry points create their own.</para>
/// </remarks>
internal sealed class WebpLosslessStructure
{
    /// <summary>The fewest bits one group of five prefix codes can take: five simple codes of one 1-bit symbol (4 bits each).</summary>
    internal const int MinBitsPerGroup = 20;

    private const int NumLiteralCodes = 256;
    private const int NumLengthCodes = 24;
    private const int NumDistanceCodes = 40;
    private const int MaxColorCacheBits = 11;
    private const int MaxAlphabetSize = NumLiteralCodes + NumLengthCodes + (1 << MaxColorCacheBits);

    private readonly string? _name;
    private readonly long _maxTableBytes;
    private readonly Vp8LPrefixCode[] _codes = [new(MaxAlphabetSize), new(NumLiteralCodes), new(NumLiteralCodes), new(NumLiteralCodes), new(NumDistanceCodes)];
    private readonly Vp8LPrefixCode _codeLengthCode = new(CodeLengthCodeOrder.Length);
    private readonly int[] _lengths = new int[MaxAlphabetSize];
    private readonly int[] _codeLengthLengths = new int[CodeLengthCodeOrder.Length];

    private WebpLosslessStructure(string? name, long maxTableBytes)
    {
        _name = name;
        _maxTableBytes = maxTableBytes;
    }

    /// <summary>The order in which the lengths of the code-length code are stored (VP8L specification).</summary>
    private static ReadOnlySpan<byte> CodeLengthCodeOrder => [17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

    /// <summary>
    /// ImageSharp 2.1's table entries per group by colour-cache bits (0 = no cache): 630 for each of red, blue and alpha, 410 for
    /// distance, and the worst case of the green-length-cache alphabet (its <c>WebpLosslessDecoder.TableSize</c>).
    /// </summary>
    private static ReadOnlySpan<int> TableEntriesPerGroup => [2954, 2956, 2958, 2962, 2970, 2986, 3018, 3082, 3212, 3468, 3980, 5004];

    /// <summary>
    /// The bytes ImageSharp 2.1 allocates for one group of prefix codes with <paramref name="colorCacheBits"/> (0 = none): its
    /// share of the table array and the copies of its five tables (8 bytes an entry each), the scratch arrays sized by the five
    /// alphabets (4 bytes a symbol) and about 4 KiB of small arrays and objects.
    /// </summary>
    /// <param name="colorCacheBits">0 to 11.</param>
    /// <returns>Bytes; 55,712 without a colour cache.</returns>
    internal static long BytesPerGroup(int colorCacheBits)
    {
        int cacheSize = colorCacheBits > 0 ? 1 << colorCacheBits : 0;
        int alphabets = NumLiteralCodes + NumLengthCodes + cacheSize + (3 * NumLiteralCodes) + NumDistanceCodes;
        return (16L * TableEntriesPerGroup[colorCacheBits]) + (4L * alphabets) + 4096;
    }

    /// <summary>Checks the payload of a <c>VP8L</c> chunk (header and bitstream).</summary>
    /// <param name="chunk">The chunk's data, without its 8-byte chunk header.</param>
    /// <param name="name">The source name for messages.</param>
    /// <param name="maxPixels">Images declaring more pixels are left alone: the size limit refuses them before decoding.</param>
    /// <param name="maxTableBytes">The largest accepted prefix-code table memory (<see cref="ImageLoadOptions.MaxDecoderTableBytes"/>).</param>
    /// <returns>The number of prefix-code groups the bitstream declares, or 0 when the image is over <paramref name="maxPixels"/> and was not walked.</returns>
    /// <exception cref="ImageDecodingException">The bitstream is truncated or invalid.</exception>
    /// <exception cref="InputLimitExceededException">The prefix-code tables need more than <paramref name="maxTableBytes"/>.</exception>
    public static int CheckImage(ReadOnlySpan<byte> chunk, string? name, long maxPixels, long maxTableBytes)
    {
        var reader = new Vp8LBitReader(chunk, name, "lossless WebP (VP8L) data");
        if (chunk.Length < 5)
        {
            throw reader.Truncated($"the VP8L chunk holds {chunk.Length} bytes, fewer than its 5-byte header.");
        }

        if (reader.Read(8) != 0x2F)
        {
            throw reader.Corrupt("the VP8L chunk does not start with the signature byte 0x2F.");
        }

        int width = (int)reader.Read(14) + 1;
        int height = (int)reader.Read(14) + 1;
        reader.Read(1);
        if (reader.Read(3) != 0)
        {
            throw reader.Corrupt("the VP8L header declares an unknown version.");
        }

        return (long)width * height > maxPixels ? 0 : new WebpLosslessStructure(name, maxTableBytes).ReadImageStream(ref reader, width, height);
    }

    /// <summary>Checks the lossless-compressed alpha of a lossy WebP (an <c>ALPH</c> chunk with compression method 1).</summary>
    /// <param name="bitstream">The chunk's data after its one-byte header: a VP8L image stream without the VP8L header.</param>
    /// <param name="width">The image width from the VP8 frame header, in pixels.</param>
    /// <param name="height">The image height from the VP8 frame header, in pixels.</param>
    /// <param name="name">The source name for messages.</param>
    /// <param name="maxPixels">Images declaring more pixels are left alone: the size limit refuses them before decoding.</param>
    /// <param name="maxTableBytes">The largest accepted prefix-code table memory.</param>
    /// <returns>The number of prefix-code groups the bitstream declares, or 0 when the image is over <paramref name="maxPixels"/> and was not walked.</returns>
    /// <exception cref="ImageDecodingException">The bitstream is truncated or invalid.</exception>
    /// <exception cref="InputLimitExceededException">The prefix-code tables need more than <paramref name="maxTableBytes"/>.</exception>
    public static int CheckAlpha(ReadOnlySpan<byte> bitstream, int width, int height, string? name, long maxPixels, long maxTableBytes)
    {
        if (width < 1 || height < 1 || (long)width * height > maxPixels)
        {
            return 0;
        }

        var reader = new Vp8LBitReader(bitstream, name, "lossless-compressed WebP alpha (ALPH) data");
        return new WebpLosslessStructure(name, maxTableBytes).ReadImageStream(ref reader, width, height);
    }

    private static int SubSampleSize(int size, int bits) => (int)(((long)size + (1L << bits) - 1) >> bits);

    /// <summary>The top-level image stream: transforms, colour cache, entropy image, then every group of prefix codes.</summary>
    /// <returns>The number of groups.</returns>
    private int ReadImageStream(ref Vp8LBitReader reader, int width, int height)
    {
        int xSize = width;
        Span<bool> seen = stackalloc bool[4];
        while (reader.ReadBit())
        {
            int type = (int)reader.Read(2);
            if (seen[type])
            {
                throw reader.Corrupt($"transform {type} appears twice; each may appear once.");
            }

            seen[type] = true;
            switch (type)
            {
                case 0: // predictor
                case 1: // cross-colour
                    int blockBits = (int)reader.Read(3) + 2;
                    ReadSubImage(ref reader, SubSampleSize(xSize, blockBits), SubSampleSize(height, blockBits));
                    break;
                case 3: // colour indexing: a palette image, then pixels packed by the palette size
                    int colors = (int)reader.Read(8) + 1;
                    int packBits = colors > 16 ? 0 : colors > 4 ? 1 : colors > 2 ? 2 : 3;
                    ReadSubImage(ref reader, colors, 1);
                    xSize = SubSampleSize(xSize, packBits);
                    break;
                default: // subtract green: no data
                    break;
            }
        }

        int colorCacheBits = ReadColorCacheBits(ref reader);
        int groups = 1;
        if (reader.ReadBit())
        {
            int blockBits = (int)reader.Read(3) + 2;
            groups = ReadSubImage(ref reader, SubSampleSize(xSize, blockBits), SubSampleSize(height, blockBits)) + 1;
        }

        long tableBytes = groups * BytesPerGroup(colorCacheBits);
        if (tableBytes > _maxTableBytes)
        {
            throw new InputLimitExceededException(_name, nameof(ImageLoadOptions.MaxDecoderTableBytes), tableBytes, _maxTableBytes);
        }

        long neededBits = (long)groups * MinBitsPerGroup;
        if (reader.RemainingBits < neededBits)
        {
            throw reader.Truncated($"its entropy image declares {groups:N0} groups of prefix codes, which take at least {(neededBits + 7) / 8:N0} bytes, but {reader.RemainingBits / 8:N0} remain.");
        }

        for (int group = 0; group < groups; group++)
        {
            ReadGroup(ref reader, colorCacheBits);
        }

        return groups;
    }

    /// <summary>
    /// Walks a transform or entropy image of <paramref name="xSize"/> x <paramref name="ySize"/> pixels without storing it.
    /// </summary>
    /// <returns>The largest group index (red and green bytes) among its pixels.</returns>
    private int ReadSubImage(ref Vp8LBitReader reader, int xSize, int ySize)
    {
        int colorCacheBits = ReadColorCacheBits(ref reader);
        ReadGroup(ref reader, colorCacheBits);
        long total = (long)xSize * ySize;
        long position = 0;
        int max = 0;
        while (position < total)
        {
            int code = _codes[0].Decode(ref reader);
            if (code < NumLiteralCodes)
            {
                int red = _codes[1].Decode(ref reader);
                _codes[2].Decode(ref reader);
                _codes[3].Decode(ref reader);
                max = Math.Max(max, (red << 8) | code);
                position++;
            }
            else if (code < NumLiteralCodes + NumLengthCodes)
            {
                // A backward reference repeats pixels already counted: only its length and its bits matter here.
                int length = ReadCopyValue(ref reader, code - NumLiteralCodes);
                ReadCopyValue(ref reader, _codes[4].Decode(ref reader));
                if (length > total - position)
                {
                    throw reader.Corrupt($"a backward reference of {length:N0} pixels runs past the end of a {xSize:N0}x{ySize:N0} transform or entropy image.");
                }

                position += length;
            }
            else
            {
                // A colour-cache hit: a pixel already seen (or zero).
                position++;
            }
        }

        return max;
    }

    /// <summary>A length or distance: prefix symbols below 4 stand for themselves plus one, larger ones carry extra bits.</summary>
    private static int ReadCopyValue(ref Vp8LBitReader reader, int symbol)
    {
        if (symbol < 4)
        {
            return symbol + 1;
        }

        int extraBits = (symbol - 2) >> 1;
        int offset = (2 + (symbol & 1)) << extraBits;
        return offset + (int)reader.Read(extraBits) + 1;
    }

    private static int ReadColorCacheBits(ref Vp8LBitReader reader)
    {
        if (!reader.ReadBit())
        {
            return 0;
        }

        int bits = (int)reader.Read(4);
        return bits is >= 1 and <= MaxColorCacheBits
            ? bits
            : throw reader.Corrupt($"the colour cache declares {bits} bits (1 to {MaxColorCacheBits} are valid).");
    }

    /// <summary>Reads the five prefix codes of one group (green + lengths + cache, red, blue, alpha, distance) into <see cref="_codes"/>.</summary>
    private void ReadGroup(ref Vp8LBitReader reader, int colorCacheBits)
    {
        int cacheSize = colorCacheBits > 0 ? 1 << colorCacheBits : 0;
        ReadPrefixCode(ref reader, NumLiteralCodes + NumLengthCodes + cacheSize, _codes[0]);
        ReadPrefixCode(ref reader, NumLiteralCodes, _codes[1]);
        ReadPrefixCode(ref reader, NumLiteralCodes, _codes[2]);
        ReadPrefixCode(ref reader, NumLiteralCodes, _codes[3]);
        ReadPrefixCode(ref reader, NumDistanceCodes, _codes[4]);
    }

    private void ReadPrefixCode(ref Vp8LBitReader reader, int alphabetSize, Vp8LPrefixCode code)
    {
        Span<int> lengths = _lengths.AsSpan(0, alphabetSize);
        lengths.Clear();
        if (reader.ReadBit())
        {
            // Simple code: one or two symbols of length 1; the first symbol has 1 or 8 bits, the second 8. Symbols outside the
            // alphabet are ignored, as ImageSharp does.
            int symbols = (int)reader.Read(1) + 1;
            int first = (int)reader.Read(reader.ReadBit() ? 8 : 1);
            if (first < alphabetSize)
            {
                lengths[first] = 1;
            }

            if (symbols == 2)
            {
                int second = (int)reader.Read(8);
                if (second < alphabetSize)
                {
                    lengths[second] = 1;
                }
            }
        }
        else
        {
            ReadCodeLengths(ref reader, lengths);
        }

        if (!code.TryBuild(lengths))
        {
            throw reader.Corrupt("a prefix code is empty, over-subscribed or incomplete.");
        }
    }

    /// <summary>Normal code: the lengths of a code-length code, then the code lengths coded with it (with repeats).</summary>
    private void ReadCodeLengths(ref Vp8LBitReader reader, Span<int> lengths)
    {
        Span<int> codeLengthLengths = _codeLengthLengths;
        codeLengthLengths.Clear();
        int count = (int)reader.Read(4) + 4;
        if (count > CodeLengthCodeOrder.Length)
        {
            throw reader.Corrupt($"a code-length code declares {count} lengths (at most {CodeLengthCodeOrder.Length}).");
        }

        for (int i = 0; i < count; i++)
        {
            codeLengthLengths[CodeLengthCodeOrder[i]] = (int)reader.Read(3);
        }

        if (!_codeLengthCode.TryBuild(codeLengthLengths))
        {
            throw reader.Corrupt("a code-length code is empty, over-subscribed or incomplete.");
        }

        int maxSymbol = lengths.Length;
        if (reader.ReadBit())
        {
            int bits = 2 + (2 * (int)reader.Read(3));
            maxSymbol = 2 + (int)reader.Read(bits);
        }

        int symbol = 0, previous = 8;
        while (symbol < lengths.Length && maxSymbol-- > 0)
        {
            int value = _codeLengthCode.Decode(ref reader);
            if (value < 16)
            {
                lengths[symbol++] = value;
                if (value != 0)
                {
                    previous = value;
                }

                continue;
            }

            // 16: repeat the previous non-zero length 3-6 times; 17: zeros 3-10 times; 18: zeros 11-138 times.
            int repeat = value switch
            {
                16 => 3 + (int)reader.Read(2),
                17 => 3 + (int)reader.Read(3),
                _ => 11 + (int)reader.Read(7),
            };
            if (repeat > lengths.Length - symbol)
            {
                throw reader.Corrupt("a run of code lengths goes past the end of its alphabet.");
            }

            lengths.Slice(symbol, repeat).Fill(value == 16 ? previous : 0);
            symbol += repeat;
        }
    }
}
