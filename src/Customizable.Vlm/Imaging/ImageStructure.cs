using System.Buffers.Binary;
using System.IO.Compression;

namespace Customizable.Vlm.Imaging;

/// <summary>
/// Checks that encoded image bytes are structurally complete before a decoder sees them: every chunk, segment, block or
/// strip the container declares lies inside the data, and the end marker is present. It also sums the metadata the container
/// carries (text, profiles, EXIF), counting compressed text by its inflated size, against a limit.
/// </summary>
/// <remarks>
/// <para>Why: ImageSharp's decoders fill missing rows of a truncated image silently, and some truncated or misordered inputs (an
/// interlaced PNG cut between IDAT chunks, or with another chunk between them) make them spin forever; metadata chunks are inflated without a bound. These checks are linear in
/// the data length, read nothing outside it and allocate nothing except the bounded inflation of compressed PNG metadata and a
/// few kilobytes for walking a lossless WebP bitstream (<see cref="WebpLosslessStructure"/>), which also bounds the memory the
/// WebP decoder allocates for its prefix-code tables.</para>
/// <para>Data in an unknown format passes unchecked: the decoder then reports it as unsupported.</para>
/// <para>Thread-safety: stateless; all members may be called concurrently.</para>
/// </remarks>
internal static class ImageStructure
{
    /// <summary>The largest expansion deflate can achieve (a 258-byte match coded in 2 bits), rounded up.</summary>
    internal const long MaxDeflateRatio = 1032;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Checks <paramref name="data"/> against <paramref name="limits"/>; returns when it is complete or in an unknown format.</summary>
    /// <param name="data">The whole encoded file.</param>
    /// <param name="name">The source name for messages.</param>
    /// <param name="limits">The loader's options: <see cref="ImageLoadOptions.MaxMetadataBytes"/>, <see cref="ImageLoadOptions.MaxPixels"/> and <see cref="ImageLoadOptions.MaxDecoderTableBytes"/> apply.</param>
    /// <returns>Null, or the exception to raise once the declared size passes the size limits (see the other overload).</returns>
    /// <exception cref="ImageDecodingException">The data is truncated or its structure is inconsistent.</exception>
    /// <exception cref="InputLimitExceededException">The metadata or the decoder's tables would be larger than their limits.</exception>
    public static ImageDecodingException? Check(ReadOnlySpan<byte> data, string? name, ImageLoadOptions limits) =>
        Check(data, name, limits.MaxMetadataBytes, limits.MaxPixels, limits.MaxDecoderTableBytes);

    /// <summary>Checks <paramref name="data"/>; returns when it is complete or in an unknown format.</summary>
    /// <param name="data">The whole encoded file.</param>
    /// <param name="name">The source name for messages.</param>
    /// <param name="maxMetadataBytes">The largest accepted sum of metadata bytes (inflated where compressed).</param>
    /// <param name="maxPixels">The pixel limit: lossless WebP bitstreams of larger images are not walked (the size limit refuses them).</param>
    /// <param name="maxDecoderTableBytes">The largest accepted memory for a lossless WebP's prefix-code tables.</param>
    /// <returns>
    /// Null, or the exception to raise when the declared size passes the caller's size limits: compressed pixel data too small
    /// for the size the header declares. It is returned rather than thrown so that a size limit, the more useful message, wins.
    /// </returns>
    /// <exception cref="ImageDecodingException">The data is truncated or its structure is inconsistent.</exception>
    /// <exception cref="InputLimitExceededException">The metadata is larger than <paramref name="maxMetadataBytes"/>, or a lossless WebP's tables larger than <paramref name="maxDecoderTableBytes"/>.</exception>
    public static ImageDecodingException? Check(ReadOnlySpan<byte> data, string? name, long maxMetadataBytes, long maxPixels, long maxDecoderTableBytes)
    {
        if (data.StartsWith(PngSignature))
        {
            return CheckPng(data, name, maxMetadataBytes);
        }
        else if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            CheckJpeg(data, name, maxMetadataBytes);
        }
        else if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8))
        {
            CheckGif(data, name);
        }
        else if (data.StartsWith("BM"u8))
        {
            CheckBmp(data, name);
        }
        else if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            CheckWebp(data, name, maxMetadataBytes, maxPixels, maxDecoderTableBytes);
        }
        else if (data.StartsWith("II*\0"u8) || data.StartsWith("MM\0*"u8))
        {
            CheckTiff(data, name);
        }

        return null;
    }

    private static ImageDecodingException Truncated(string? name, string format, string detail) =>
        new(name, $"The {format} data is truncated or incomplete: {detail}", null);

    private static ImageDecodingException Corrupt(string? name, string format, string detail) =>
        new(name, $"The {format} data is corrupt: {detail}", null);

    private static void AddMetadata(ref long total, long bytes, long max, string? name)
    {
        total += bytes;
        if (total > max)
        {
            throw new InputLimitExceededException(name, nameof(ImageLoadOptions.MaxMetadataBytes), total, max);
        }
    }

    private static ImageDecodingException? CheckPng(ReadOnlySpan<byte> data, string? name, long maxMetadataBytes)
    {
        const string Format = "PNG";
        int position = PngSignature.Length;
        bool first = true, sawIdat = false, idatEnded = false, interlaced = false;
        long idatBytes = 0, metadata = 0;
        uint width = 0, height = 0;
        int bitsPerPixel = 0;
        var idatChunks = new List<(int Start, int Length)>();
        while (true)
        {
            if (data.Length - position < 12)
            {
                throw Truncated(name, Format, $"the file ends at byte {data.Length:N0} before the IEND chunk.");
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
            ReadOnlySpan<byte> type = data.Slice(position + 4, 4);
            string typeName = ChunkName(type);
            if (length > int.MaxValue)
            {
                throw Corrupt(name, Format, $"the {typeName} chunk at byte {position:N0} declares an invalid length ({length:N0}).");
            }

            if (length > data.Length - position - 12)
            {
                throw Truncated(name, Format, $"the {typeName} chunk at byte {position:N0} declares {length:N0} bytes but only {Math.Max(0, data.Length - position - 12):N0} remain.");
            }

            ReadOnlySpan<byte> body = data.Slice(position + 8, (int)length);
            bool isIdat = type.SequenceEqual("IDAT"u8);
            idatEnded |= sawIdat && !isIdat;
            if (first)
            {
                if (!type.SequenceEqual("IHDR"u8) || length != 13)
                {
                    throw Corrupt(name, Format, "the first chunk is not a 13-byte IHDR.");
                }

                width = BinaryPrimitives.ReadUInt32BigEndian(body);
                height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
                bitsPerPixel = body[8] * (body[9] switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 1 });
                interlaced = body[12] == 1;
                first = false;
            }
            else if (isIdat)
            {
                // The PNG specification requires consecutive IDAT chunks; ImageSharp 2.1's decoder spins forever on an interlaced
                // image whose IDAT chunks another chunk separates (found by the fuzzer).
                if (idatEnded)
                {
                    throw Corrupt(name, Format, $"the IDAT chunk at byte {position:N0} follows another chunk after the image data (IDAT chunks must be consecutive).");
                }

                sawIdat = true;
                idatBytes += length;
                idatChunks.Add((position + 8, (int)length));
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                break;
            }
            else if (type.SequenceEqual("tEXt"u8) || type.SequenceEqual("eXIf"u8))
            {
                AddMetadata(ref metadata, length, maxMetadataBytes, name);
            }
            else if (type.SequenceEqual("zTXt"u8) || type.SequenceEqual("iCCP"u8))
            {
                // Keyword (1-79 bytes), NUL, compression method, then a zlib stream.
                int nul = body.IndexOf((byte)0);
                AddMetadata(ref metadata, nul < 0 || nul + 2 > body.Length ? length : nul + 2 + InflatedLength(body[(nul + 2)..], maxMetadataBytes - metadata - nul - 2), maxMetadataBytes, name);
            }
            else if (type.SequenceEqual("iTXt"u8))
            {
                AddMetadata(ref metadata, ITxtLength(body, maxMetadataBytes - metadata), maxMetadataBytes, name);
            }

            position += 12 + (int)length;
        }

        if (!sawIdat)
        {
            throw Truncated(name, Format, "there is no IDAT chunk (no pixel data).");
        }

        // Filtered rows: one filter byte plus the packed pixels per row. Deflate cannot expand beyond ~1032:1, so compressed image
        // data far smaller than that ratio allows cannot hold the image the header declares (a cut or a lying header).
        long rowBytes = 1 + (((long)width * bitsPerPixel) + 7) / 8;
        long raw = rowBytes * height;
        if (raw > ((idatBytes + 64) * MaxDeflateRatio))
        {
            return Truncated(name, Format, $"{idatBytes:N0} bytes of compressed image data cannot hold the {width}x{height} image the header declares ({raw:N0} bytes).");
        }

        // An interlaced image whose data ends early (an IDAT chunk cut or removed, IEND still present) makes ImageSharp 2.1's
        // decoder spin forever, so the data is inflated (into a small buffer, at most the declared size) and must hold every pass.
        // Checked only up to MaxInterlacedCheckBytes of filtered rows: beyond, the size limits and MaxDecodeTime apply.
        if (interlaced && width > 0 && height > 0)
        {
            long needed = Adam7Bytes(width, height, bitsPerPixel);
            if (needed <= MaxInterlacedCheckBytes)
            {
                long inflated = InflatedIdatLength(data, idatChunks, needed, out bool corrupt);
                if (corrupt)
                {
                    throw Corrupt(name, Format, "the compressed image data is not a valid zlib stream.");
                }

                if (inflated < needed)
                {
                    throw Truncated(name, Format, $"the interlaced image data inflates to {inflated:N0} bytes, fewer than the {needed:N0} the {width}x{height} header's passes need.");
                }
            }
        }

        return null;
    }

    /// <summary>The largest filtered size of an interlaced PNG whose data is inflated by the check (256 MiB, e.g. 8,000 x 8,000 RGBA).</summary>
    internal const long MaxInterlacedCheckBytes = 256L * 1024 * 1024;

    /// <summary>The filtered bytes of the seven Adam7 passes: per pass, rows times (one filter byte plus the packed pixels).</summary>
    private static long Adam7Bytes(uint width, uint height, int bitsPerPixel)
    {
        ReadOnlySpan<int> xStart = [0, 4, 0, 2, 0, 1, 0];
        ReadOnlySpan<int> yStart = [0, 0, 4, 0, 2, 0, 1];
        ReadOnlySpan<int> xStep = [8, 8, 4, 4, 2, 2, 1];
        ReadOnlySpan<int> yStep = [8, 8, 8, 4, 4, 2, 2];
        long total = 0;
        for (int pass = 0; pass < 7; pass++)
        {
            long columns = (width + xStep[pass] - 1 - xStart[pass]) / xStep[pass];
            long rows = (height + yStep[pass] - 1 - yStart[pass]) / yStep[pass];
            if (columns > 0 && rows > 0)
            {
                total += rows * (1 + (((columns * bitsPerPixel) + 7) / 8));
            }
        }

        return total;
    }

    /// <summary>Inflates the concatenated IDAT chunks until their end or until <paramref name="budget"/> bytes came out.</summary>
    private static unsafe long InflatedIdatLength(ReadOnlySpan<byte> data, List<(int Start, int Length)> chunks, long budget, out bool corrupt)
    {
        corrupt = false;
        byte[] joined = new byte[chunks.Sum(c => (long)c.Length)];
        int at = 0;
        foreach ((int start, int length) in chunks)
        {
            data.Slice(start, length).CopyTo(joined.AsSpan(at));
            at += length;
        }

        using var input = new MemoryStream(joined, writable: false);
        using var inflater = new ZLibStream(input, CompressionMode.Decompress);
        Span<byte> sink = stackalloc byte[8192];
        long total = 0;
        try
        {
            while (total < budget)
            {
                int read = inflater.Read(sink);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }
        }
        catch (InvalidDataException)
        {
            corrupt = true;
        }

        return total;
    }

    private static long ITxtLength(ReadOnlySpan<byte> body, long budget)
    {
        // Keyword, NUL, compression flag, compression method, language tag, NUL, translated keyword, NUL, text.
        int keywordEnd = body.IndexOf((byte)0);
        if (keywordEnd < 0 || keywordEnd + 3 > body.Length)
        {
            return body.Length;
        }

        bool compressed = body[keywordEnd + 1] != 0;
        int languageEnd = body[(keywordEnd + 3)..].IndexOf((byte)0);
        if (languageEnd < 0)
        {
            return body.Length;
        }

        int translatedStart = keywordEnd + 3 + languageEnd + 1;
        int translatedEnd = body[translatedStart..].IndexOf((byte)0);
        if (translatedEnd < 0)
        {
            return body.Length;
        }

        int textStart = translatedStart + translatedEnd + 1;
        return !compressed ? body.Length : textStart + InflatedLength(body[textStart..], budget - textStart);
    }

    /// <summary>Inflates a zlib stream until its end or until more than <paramref name="budget"/> bytes came out.</summary>
    /// <returns>The inflated length, or <paramref name="budget"/> + 1 when it is larger; a corrupt stream counts as its own length.</returns>
    private static unsafe long InflatedLength(ReadOnlySpan<byte> zlib, long budget)
    {
        budget = Math.Max(0, budget);
        if (zlib.IsEmpty)
        {
            // An empty stream inflates to nothing (and an empty span pins to a null pointer, which UnmanagedMemoryStream refuses).
            return 0;
        }

        fixed (byte* pointer = zlib)
        {
            using UnmanagedMemoryStream input = new(pointer, zlib.Length);
            using ZLibStream inflater = new(input, CompressionMode.Decompress);
            Span<byte> sink = stackalloc byte[4096];
            long total = 0;
            try
            {
                while (total <= budget)
                {
                    int read = inflater.Read(sink);
                    if (read == 0)
                    {
                        break;
                    }

                    total += read;
                }
            }
            catch (InvalidDataException)
            {
                return Math.Max(total, zlib.Length);
            }

            return total;
        }
    }

    private static string ChunkName(ReadOnlySpan<byte> type)
    {
        foreach (byte b in type)
        {
            if (b is < (byte)'A' or > (byte)'z' or (> (byte)'Z' and < (byte)'a'))
            {
                return "unnamed";
            }
        }

        return System.Text.Encoding.ASCII.GetString(type);
    }

    private static void CheckJpeg(ReadOnlySpan<byte> data, string? name, long maxMetadataBytes)
    {
        const string Format = "JPEG";
        int position = 2;
        bool sawFrame = false;
        long metadata = 0;
        while (true)
        {
            // Markers may be preceded by any number of 0xFF fill bytes.
            while (position < data.Length && data[position] == 0xFF && position + 1 < data.Length && data[position + 1] == 0xFF)
            {
                position++;
            }

            if (data.Length - position < 2)
            {
                throw Truncated(name, Format, $"the file ends at byte {data.Length:N0} before the image data (SOS).");
            }

            if (data[position] != 0xFF)
            {
                // Extraneous bytes before a marker: decoders (libjpeg, ImageSharp) skip them, and so does this walk.
                int next = data[position..].IndexOf((byte)0xFF);
                if (next < 0)
                {
                    throw Truncated(name, Format, $"no marker follows byte {position:N0}.");
                }

                position += next;
                continue;
            }

            byte marker = data[position + 1];
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                position += 2;
                continue;
            }

            if (marker == 0xD9)
            {
                throw Truncated(name, Format, "the end-of-image marker comes before any image data.");
            }

            if (data.Length - position < 4)
            {
                throw Truncated(name, Format, $"the file ends inside the marker at byte {position:N0}.");
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 2)..]);
            if (length < 2)
            {
                throw Corrupt(name, Format, $"the segment at byte {position:N0} declares an invalid length ({length}).");
            }

            if (length > data.Length - position - 2)
            {
                throw Truncated(name, Format, $"the segment 0xFF{marker:X2} at byte {position:N0} declares {length:N0} bytes but only {data.Length - position - 2:N0} remain.");
            }

            if (marker is (>= 0xC0 and <= 0xCF) and not 0xC4 and not 0xC8 and not 0xCC)
            {
                sawFrame = true;
            }
            else if (marker is (>= 0xE0 and <= 0xEF) or 0xFE)
            {
                AddMetadata(ref metadata, length, maxMetadataBytes, name);
            }

            position += 2 + length;
            if (marker == 0xDA)
            {
                break;
            }
        }

        if (!sawFrame)
        {
            throw Corrupt(name, Format, "there is no frame header (SOF) before the image data.");
        }

        // Entropy-coded data stuffs every 0xFF with 0x00, so an FF D9 after the first scan header can only be the end of image.
        // Bytes after it (padding some cameras write, or a second image) are tolerated.
        if (data[position..].IndexOf([(byte)0xFF, (byte)0xD9]) < 0)
        {
            throw Truncated(name, Format, "the end-of-image marker (EOI) is missing.");
        }
    }

    private static void CheckGif(ReadOnlySpan<byte> data, string? name)
    {
        const string Format = "GIF";
        if (data.Length < 13)
        {
            throw Truncated(name, Format, "the logical screen descriptor is cut.");
        }

        int position = 13;
        if ((data[10] & 0x80) != 0)
        {
            position += 3 << ((data[10] & 0x07) + 1);
        }

        bool sawImage = false;
        while (true)
        {
            if (position >= data.Length)
            {
                throw Truncated(name, Format, $"the file ends at byte {data.Length:N0} before the trailer.");
            }

            byte block = data[position];
            if (block == 0x3B)
            {
                break;
            }

            if (block == 0x21)
            {
                position += 2;
            }
            else if (block == 0x2C)
            {
                if (data.Length - position < 10)
                {
                    throw Truncated(name, Format, $"the image descriptor at byte {position:N0} is cut.");
                }

                byte flags = data[position + 9];
                position += 10;
                if ((flags & 0x80) != 0)
                {
                    position += 3 << ((flags & 0x07) + 1);
                }

                position++; // LZW minimum code size
                sawImage = true;
            }
            else
            {
                throw Corrupt(name, Format, $"an unknown block (0x{block:X2}) starts at byte {position:N0}.");
            }

            // Data sub-blocks: a length byte then that many bytes, until a zero length.
            while (true)
            {
                if (position >= data.Length)
                {
                    throw Truncated(name, Format, $"the file ends at byte {data.Length:N0} inside a data block.");
                }

                int size = data[position];
                position += 1 + size;
                if (size == 0)
                {
                    break;
                }
            }
        }

        if (!sawImage)
        {
            throw Truncated(name, Format, "there is no image in the file.");
        }
    }

    private static void CheckBmp(ReadOnlySpan<byte> data, string? name)
    {
        const string Format = "BMP";
        if (data.Length < 26)
        {
            throw Truncated(name, Format, "the headers are cut.");
        }

        uint fileSize = BinaryPrimitives.ReadUInt32LittleEndian(data[2..]);
        uint pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[10..]);
        uint headerSize = BinaryPrimitives.ReadUInt32LittleEndian(data[14..]);
        if (fileSize > data.Length)
        {
            throw Truncated(name, Format, $"the header declares {fileSize:N0} bytes but the file has {data.Length:N0}.");
        }

        if (14 + (long)headerSize > data.Length || pixelOffset >= data.Length)
        {
            throw Truncated(name, Format, $"the pixel data offset ({pixelOffset:N0}) or the info header ({headerSize:N0} bytes) lies beyond the end of the file ({data.Length:N0} bytes).");
        }

        long width, height;
        int bitsPerPixel;
        uint compression = 0;
        if (headerSize == 12)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(data[18..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(data[20..]);
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(data[24..]);
        }
        else if (headerSize >= 40)
        {
            width = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(data[18..]));
            height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(data[22..]));
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(data[28..]);
            compression = BinaryPrimitives.ReadUInt32LittleEndian(data[30..]);
        }
        else
        {
            return;
        }

        // Uncompressed and bit-field pixel arrays have a known size: rows padded to 4 bytes.
        if (compression is 0 or 3 or 6)
        {
            long rowBytes = ((width * bitsPerPixel) + 31) / 32 * 4;
            long needed = pixelOffset + (rowBytes * height);
            if (needed > data.Length)
            {
                throw Truncated(name, Format, $"a {width}x{height} image at {bitsPerPixel} bits per pixel needs {needed:N0} bytes but the file has {data.Length:N0}.");
            }
        }
    }

    private static void CheckWebp(ReadOnlySpan<byte> data, string? name, long maxMetadataBytes, long maxPixels, long maxDecoderTableBytes)
    {
        const string Format = "WebP";
        uint riffSize = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if (riffSize + 8L > data.Length)
        {
            throw Truncated(name, Format, $"the RIFF header declares {riffSize + 8L:N0} bytes but the file has {data.Length:N0}.");
        }

        long end = riffSize + 8L;
        long position = 12;
        long metadata = 0;
        bool sawImage = false;
        int frameWidth = 0, frameHeight = 0;
        var lossless = new List<(int Start, int Length)>();
        var alpha = new List<(int Start, int Length)>();
        while (position + 8 <= end)
        {
            ReadOnlySpan<byte> fourCc = data.Slice((int)position, 4);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(data[((int)position + 4)..]);
            if (position + 8 + size > end)
            {
                throw Truncated(name, Format, $"the {ChunkName(fourCc)} chunk at byte {position:N0} declares {size:N0} bytes beyond the end of the data.");
            }

            if (fourCc.SequenceEqual("VP8 "u8) || fourCc.SequenceEqual("VP8L"u8) || fourCc.SequenceEqual("ANMF"u8))
            {
                sawImage = true;
                if (fourCc.SequenceEqual("VP8L"u8))
                {
                    lossless.Add(((int)position + 8, (int)size));
                }
                else if (fourCc[3] == (byte)' ' && size >= 10)
                {
                    // The frame size the decoder gives a lossless-compressed alpha channel: 14 bits each, after the frame tag and start code.
                    frameWidth = BinaryPrimitives.ReadUInt16LittleEndian(data[((int)position + 14)..]) & 0x3FFF;
                    frameHeight = BinaryPrimitives.ReadUInt16LittleEndian(data[((int)position + 16)..]) & 0x3FFF;
                }
            }
            else if (fourCc.SequenceEqual("ALPH"u8) && size >= 1 && (data[(int)position + 8] & 3) == 1)
            {
                alpha.Add(((int)position + 9, (int)size - 1));
            }
            else if (fourCc.SequenceEqual("ICCP"u8) || fourCc.SequenceEqual("EXIF"u8) || fourCc.SequenceEqual("XMP "u8))
            {
                AddMetadata(ref metadata, size, maxMetadataBytes, name);
            }

            position += 8 + size + (size & 1);
        }

        if (!sawImage)
        {
            throw Truncated(name, Format, "there is no image chunk (VP8, VP8L or ANMF).");
        }

        // Lossless bitstreams declare how many groups of prefix codes the decoder allocates tables for: walk them first.
        foreach ((int start, int length) in lossless)
        {
            WebpLosslessStructure.CheckImage(data.Slice(start, length), name, maxPixels, maxDecoderTableBytes);
        }

        foreach ((int start, int length) in alpha)
        {
            WebpLosslessStructure.CheckAlpha(data.Slice(start, length), frameWidth, frameHeight, name, maxPixels, maxDecoderTableBytes);
        }
    }

    private static void CheckTiff(ReadOnlySpan<byte> data, string? name)
    {
        const string Format = "TIFF";
        bool little = data[0] == (byte)'I';
        if (data.Length < 8)
        {
            throw Truncated(name, Format, "the header is cut.");
        }

        long ifd = ReadUInt32(data[4..], little);
        if (ifd < 8 || ifd + 2 > data.Length)
        {
            throw Truncated(name, Format, $"the first directory (at byte {ifd:N0}) lies beyond the end of the file ({data.Length:N0} bytes).");
        }

        int count = ReadUInt16(data[(int)ifd..], little);
        // The entries and the 4-byte offset of the next directory.
        long entriesEnd = ifd + 2 + (12L * count) + 4;
        if (entriesEnd > data.Length)
        {
            throw Truncated(name, Format, $"the first directory declares {count} entries that run past the end of the file.");
        }

        (int Type, long Count, long ValueAt)? offsets = null, counts = null;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> entry = data.Slice((int)ifd + 2 + (12 * i), 12);
            int tag = ReadUInt16(entry, little);
            int type = ReadUInt16(entry[2..], little);
            long n = ReadUInt32(entry[4..], little);
            int size = type switch { 1 or 2 or 6 or 7 => 1, 3 or 8 => 2, 4 or 9 or 11 or 13 => 4, 5 or 10 or 12 => 8, _ => 0 };
            if (size == 0)
            {
                continue;
            }

            // Values that fit in 4 bytes are stored inline, others at an offset; every value must lie inside the file.
            long valueAt = n * size <= 4 ? ifd + 2 + (12 * i) + 8 : ReadUInt32(entry[8..], little);
            if (valueAt + (n * size) > data.Length)
            {
                throw Truncated(name, Format, $"the values of tag {tag} lie beyond the end of the file.");
            }

            if (tag is not (273 or 279 or 324 or 325))
            {
                continue;
            }

            if (type is not (3 or 4))
            {
                throw Corrupt(name, Format, $"tag {tag} has the unexpected type {type}.");
            }

            if (tag is 273 or 324)
            {
                offsets = (type, n, valueAt);
            }
            else
            {
                counts = (type, n, valueAt);
            }
        }

        if (offsets is not { } o || counts is not { } c)
        {
            // Old writers may omit the byte counts of a single uncompressed strip; the decoder judges those files.
            return;
        }

        if (o.Count != c.Count)
        {
            throw Corrupt(name, Format, $"the first directory has {o.Count:N0} strip or tile offsets but {c.Count:N0} byte counts.");
        }

        for (long i = 0; i < o.Count; i++)
        {
            long start = ReadValue(data, o, i, little);
            long length = ReadValue(data, c, i, little);
            if (start + length > data.Length)
            {
                throw Truncated(name, Format, $"strip or tile {i:N0} spans bytes {start:N0}-{start + length:N0} but the file has {data.Length:N0}.");
            }
        }
    }

    private static long ReadValue(ReadOnlySpan<byte> data, (int Type, long Count, long ValueAt) values, long index, bool little) =>
        values.Type == 3
            ? ReadUInt16(data[(int)(values.ValueAt + (2 * index))..], little)
            : ReadUInt32(data[(int)(values.ValueAt + (4 * index))..], little);

    private static int ReadUInt16(ReadOnlySpan<byte> data, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(data) : BinaryPrimitives.ReadUInt16BigEndian(data);

    private static long ReadUInt32(ReadOnlySpan<byte> data, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(data) : BinaryPrimitives.ReadUInt32BigEndian(data);
}
