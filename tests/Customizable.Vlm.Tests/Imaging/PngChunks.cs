using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Customizable.Vlm.Tests.Imaging;

/// <summary>Splits PNG files into chunks and writes them back with correct CRCs, to build hostile files from real ones.</summary>
internal static class PngChunks
{
    public static List<(string Type, byte[] Data)> Split(byte[] png)
    {
        var chunks = new List<(string, byte[])>();
        int position = 8;
        while (position + 12 <= png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            chunks.Add((Encoding.ASCII.GetString(png, position + 4, 4), png.AsSpan(position + 8, length).ToArray()));
            position += 12 + length;
        }

        return chunks;
    }

    public static byte[] Join(IEnumerable<(string Type, byte[] Data)> chunks)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        byte[] word = new byte[4];
        foreach ((string type, byte[] data) in chunks)
        {
            byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
            BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
            output.Write(word);
            output.Write(typed);
            BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(typed));
            output.Write(word);
        }

        return output.ToArray();
    }

    /// <summary>Joins all IDAT data of <paramref name="png"/> and splits it again into <paramref name="parts"/> IDAT chunks.</summary>
    public static List<(string Type, byte[] Data)> Rechunk(byte[] png, int parts)
    {
        List<(string Type, byte[] Data)> chunks = Split(png);
        byte[] data = [.. chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data)];
        int at = chunks.FindIndex(c => c.Type == "IDAT");
        chunks.RemoveAll(c => c.Type == "IDAT");
        int size = (data.Length + parts - 1) / parts;
        for (int i = parts - 1; i >= 0; i--)
        {
            int start = i * size;
            chunks.Insert(at, ("IDAT", data[start..Math.Min(data.Length, start + size)]));
        }

        return chunks;
    }

    /// <summary>A zlib stream of <paramref name="bytes"/> zeros, written in pieces so the test's own memory stays small.</summary>
    public static byte[] ZlibZeros(long bytes)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            byte[] block = new byte[1 << 20];
            for (long written = 0; written < bytes; written += block.Length)
            {
                zlib.Write(block, 0, (int)Math.Min(block.Length, bytes - written));
            }
        }

        return output.ToArray();
    }

    /// <summary>Inserts <paramref name="chunk"/> right after IHDR.</summary>
    public static byte[] WithChunkAfterHeader(byte[] png, string type, byte[] data)
    {
        List<(string Type, byte[] Data)> chunks = Split(png);
        chunks.Insert(1, (type, data));
        return Join(chunks);
    }
}
