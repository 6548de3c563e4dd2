namespace Customizable.Vlm.PointClouds;

/// <summary>A bounded LZF decompressor (the format of PCD <c>binary_compressed</c> blocks).</summary>
/// <remarks>Never writes outside <c>output</c> and never reads outside <c>input</c>; stateless and thread-safe.</remarks>
internal static class Lzf
{
    /// <summary>Decompresses <paramref name="input"/> into <paramref name="output"/>.</summary>
    /// <returns>The number of bytes written, or -1 when the input is corrupt or would overflow the output.</returns>
    public static int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int ip = 0, op = 0;
        while (ip < input.Length)
        {
            int ctrl = input[ip++];
            if (ctrl < 32)
            {
                int literal = ctrl + 1;
                if (literal > input.Length - ip || literal > output.Length - op)
                {
                    return -1;
                }

                input.Slice(ip, literal).CopyTo(output[op..]);
                ip += literal;
                op += literal;
                continue;
            }

            int length = ctrl >> 5;
            if (length == 7)
            {
                if (ip >= input.Length)
                {
                    return -1;
                }

                length += input[ip++];
            }

            if (ip >= input.Length)
            {
                return -1;
            }

            int reference = op - ((ctrl & 0x1f) << 8) - input[ip++] - 1;
            length += 2;
            if (reference < 0 || length > output.Length - op)
            {
                return -1;
            }

            // Overlapping copies repeat the most recent bytes, so copy forwards one byte at a time when they overlap.
            if (op - reference >= length)
            {
                output.Slice(reference, length).CopyTo(output[op..]);
                op += length;
            }
            else
            {
                for (int i = 0; i < length; i++)
                {
                    output[op++] = output[reference++];
                }
            }
        }

        return op;
    }
}
