namespace Customizable.Vlm.Tests.Imaging;

/// <summary>Writes a lossless WebP (VP8L) bitstream by hand (least significant bit of each byte first) and wraps it in RIFF.</summary>
internal sealed class Vp8LBitWriter
{
    private readonly List<byte> _bytes = [];
    private int _bit;

    public Vp8LBitWriter Write(uint value, int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (_bit == 0)
            {
                _bytes.Add(0);
            }

            if (((value >> i) & 1) != 0)
            {
                _bytes[^1] |= (byte)(1 << _bit);
            }

            _bit = (_bit + 1) & 7;
        }

        return this;
    }

    public Vp8LBitWriter Bit(bool value) => Write(value ? 1u : 0u, 1);

    /// <summary>A simple prefix code of one symbol (read from no bits when decoding).</summary>
    public Vp8LBitWriter OneSymbol(int symbol) =>
        symbol < 2 ? Bit(true).Bit(false).Bit(false).Write((uint)symbol, 1) : Bit(true).Bit(false).Bit(true).Write((uint)symbol, 8);

    /// <summary>A simple prefix code of two symbols below 256, one bit each: the smaller symbol is bit 0.</summary>
    public Vp8LBitWriter TwoSymbols(int first, int second) => Bit(true).Bit(true).Bit(true).Write((uint)first, 8).Write((uint)second, 8);

    /// <summary>The 5-byte VP8L header: signature, width - 1, height - 1 (14 bits each), alpha hint, version 0.</summary>
    public Vp8LBitWriter Header(int width, int height) => Write(0x2F, 8).Write((uint)(width - 1), 14).Write((uint)(height - 1), 14).Bit(false).Write(0, 3);

    public byte[] ToArray() => [.. _bytes];

    /// <summary>A RIFF/WEBP file of the given chunks (FourCC, payload), each padded to an even length.</summary>
    public static byte[] Riff(params (string FourCc, byte[] Payload)[] chunks)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("RIFF"u8);
        writer.Write(4 + chunks.Sum(c => 8 + c.Payload.Length + (c.Payload.Length & 1)));
        writer.Write("WEBP"u8);
        foreach ((string fourCc, byte[] payload) in chunks)
        {
            writer.Write(System.Text.Encoding.ASCII.GetBytes(fourCc));
            writer.Write(payload.Length);
            writer.Write(payload);
            if ((payload.Length & 1) != 0)
            {
                writer.Write((byte)0);
            }
        }

        writer.Flush();
        return stream.ToArray();
    }
}
