namespace Customizable.Vlm.Video;

/// <summary>
/// Counts the frames of a GIF (image descriptors) or a TIFF (image file directories) by walking the file's block structure, without
/// decoding pixels: the frame-count guard that runs before ImageSharp decodes every frame into memory.
/// </summary>
/// <remarks>Returns -1 when the structure cannot be walked (the decoder then reports the damage). Stateless and thread-safe.</remarks>
internal static class AnimatedFrameCounter
{
    /// <summary>Counts GIF frames and sums their delays (in 1/100 s; a delay of 0 or 1 counts as <paramref name="defaultDelay"/>), optionally listing each frame's delay.</summary>
    public static (long Frames, long Centiseconds) CountGifFrames(Stream stream, long stopAfter, int defaultDelay, List<int>? delays = null)
    {
        Span<byte> header = stackalloc byte[13];
        if (stream.ReadAtLeast(header, 13, throwOnEndOfStream: false) < 13 || header[0] != (byte)'G' || header[1] != (byte)'I' || header[2] != (byte)'F')
        {
            return (-1, 0);
        }

        if ((header[10] & 0x80) != 0)
        {
            Skip(stream, 3L << ((header[10] & 0x07) + 1));
        }

        long frames = 0, centiseconds = 0;
        int delay = defaultDelay;
        Span<byte> control = stackalloc byte[9];
        while (frames <= stopAfter)
        {
            int block = stream.ReadByte();
            switch (block)
            {
                case 0x2C:
                    frames++;
                    centiseconds += delay;
                    delays?.Add(delay);
                    delay = defaultDelay;
                    Span<byte> descriptor = control;
                    if (stream.ReadAtLeast(descriptor[..9], 9, throwOnEndOfStream: false) < 9)
                    {
                        return (frames, centiseconds);
                    }

                    if ((descriptor[8] & 0x80) != 0)
                    {
                        Skip(stream, 3L << ((descriptor[8] & 0x07) + 1));
                    }

                    _ = stream.ReadByte(); // LZW minimum code size
                    SkipSubBlocks(stream);
                    break;
                case 0x21:
                    if (stream.ReadByte() == 0xF9 && stream.ReadAtLeast(control[..5], 5, throwOnEndOfStream: false) == 5 && control[0] == 4)
                    {
                        // Graphic control extension: block size 4, packed fields, delay (little-endian, 1/100 s), transparent index.
                        int value = control[2] | (control[3] << 8);
                        delay = value <= 1 ? defaultDelay : value;
                    }

                    SkipSubBlocks(stream);
                    break;
                default:
                    return (frames, centiseconds); // 0x3B trailer, end of data or damage: what was counted so far
            }
        }

        return (frames, centiseconds);
    }

    public static long CountTiffFrames(Stream stream, long stopAfter)
    {
        Span<byte> header = stackalloc byte[8];
        if (stream.ReadAtLeast(header, 8, throwOnEndOfStream: false) < 8)
        {
            return -1;
        }

        bool little = header[0] == (byte)'I' && header[1] == (byte)'I';
        bool big = header[0] == (byte)'M' && header[1] == (byte)'M';
        if ((!little && !big) || Read16(header[2..], little) != 42)
        {
            return -1; // BigTIFF or not a TIFF
        }

        long offset = Read32(header[4..], little);
        long frames = 0;
        var seen = new HashSet<long>();
        Span<byte> buffer = stackalloc byte[4];
        while (offset != 0 && frames <= stopAfter)
        {
            if (offset + 2 > stream.Length || !seen.Add(offset))
            {
                break; // out of the file or a loop: stop counting
            }

            stream.Position = offset;
            if (stream.ReadAtLeast(buffer[..2], 2, throwOnEndOfStream: false) < 2)
            {
                break;
            }

            frames++;
            stream.Position = offset + 2 + (Read16(buffer, little) * 12L);
            if (stream.ReadAtLeast(buffer, 4, throwOnEndOfStream: false) < 4)
            {
                break;
            }

            offset = Read32(buffer, little);
        }

        return frames;
    }

    private static void SkipSubBlocks(Stream stream)
    {
        while (true)
        {
            int size = stream.ReadByte();
            if (size <= 0)
            {
                return;
            }

            Skip(stream, size);
        }
    }

    private static void Skip(Stream stream, long count) => stream.Position = Math.Min(stream.Length, stream.Position + count);

    private static int Read16(ReadOnlySpan<byte> bytes, bool little) => little ? bytes[0] | (bytes[1] << 8) : (bytes[0] << 8) | bytes[1];

    private static long Read32(ReadOnlySpan<byte> bytes, bool little) => little
        ? (uint)(bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24))
        : (uint)((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]);
}
