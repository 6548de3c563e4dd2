using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Customizable.Vlm.Tests.PointClouds;

/// <summary>Writes small point-cloud files in memory for the reader tests (PLY, PCD, text).</summary>
internal static class CloudFiles
{
    public static Vector3[] Points(int count, int seed = 1)
    {
        var random = new Random(seed);
        var points = new Vector3[count];
        for (int i = 0; i < count; i++)
        {
            points[i] = new Vector3((float)random.NextDouble() * 10 - 5, (float)random.NextDouble() * 4, (float)random.NextDouble() - 0.5f);
        }

        return points;
    }

    public static byte[] PlyAscii(Vector3[] points, bool facesFirst = false, byte[]? colors = null)
    {
        var sb = new StringBuilder("ply\nformat ascii 1.0\ncomment written by a test\nobj_info test\n");
        string faceHeader = "element face 2\nproperty list uchar int vertex_indices\n";
        if (facesFirst)
        {
            sb.Append(faceHeader);
        }

        sb.Append(CultureInfo.InvariantCulture, $"element vertex {points.Length}\nproperty float x\nproperty float y\nproperty float z\n");
        if (colors is not null)
        {
            sb.Append("property uchar red\nproperty uchar green\nproperty uchar blue\n");
        }

        if (!facesFirst)
        {
            sb.Append(faceHeader);
        }

        sb.Append("end_header\n");
        string faces = "3 0 1 2\n4 0 1 2 0\n";
        if (facesFirst)
        {
            sb.Append(faces);
        }

        for (int i = 0; i < points.Length; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{points[i].X:R} {points[i].Y:R} {points[i].Z:R}");
            if (colors is not null)
            {
                sb.Append(CultureInfo.InvariantCulture, $" {colors[i * 3]} {colors[(i * 3) + 1]} {colors[(i * 3) + 2]}");
            }

            sb.Append('\n');
        }

        if (!facesFirst)
        {
            sb.Append(faces);
        }

        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>A binary PLY whose vertex has every scalar type: x double, y as short (scaled), z int, plus padding of every other type; faces first with lists.</summary>
    public static byte[] PlyBinaryAllTypes(Vector3[] points, bool bigEndian, bool newNames)
    {
        string T(string oldName, string newName) => newNames ? newName : oldName;
        var header = new StringBuilder("ply\n");
        header.Append(bigEndian ? "format binary_big_endian 1.0\n" : "format binary_little_endian 1.0\n");
        header.Append(CultureInfo.InvariantCulture, $"element face 3\nproperty list {T("uchar", "uint8")} {T("int", "int32")} vertex_indices\n");
        header.Append(CultureInfo.InvariantCulture, $"element vertex {points.Length}\n");
        header.Append(CultureInfo.InvariantCulture, $"property {T("char", "int8")} pad1\nproperty {T("double", "float64")} x\nproperty {T("ushort", "uint16")} pad2\n");
        header.Append(CultureInfo.InvariantCulture, $"property {T("float", "float32")} y\nproperty {T("uint", "uint32")} pad3\nproperty {T("short", "int16")} pad4\n");
        header.Append(CultureInfo.InvariantCulture, $"property {T("int", "int32")} z\nproperty {T("uchar", "uint8")} pad5\n");
        header.Append(CultureInfo.InvariantCulture, $"element extra 2\nproperty {T("float", "float32")} w\nproperty list {T("ushort", "uint16")} {T("double", "float64")} values\n");
        header.Append("end_header\n");
        var body = new List<byte>();
        void Put(int size, Action<byte[]> write)
        {
            byte[] b = new byte[size];
            write(b);
            body.AddRange(b);
        }

        for (int f = 0; f < 3; f++)
        {
            body.Add(3);
            for (int j = 0; j < 3; j++)
            {
                Put(4, b => { if (bigEndian) { BinaryPrimitives.WriteInt32BigEndian(b, j); } else { BinaryPrimitives.WriteInt32LittleEndian(b, j); } });
            }
        }

        foreach (Vector3 p in points)
        {
            body.Add(0x80);
            Put(8, b => { if (bigEndian) { BinaryPrimitives.WriteDoubleBigEndian(b, p.X); } else { BinaryPrimitives.WriteDoubleLittleEndian(b, p.X); } });
            Put(2, b => { if (bigEndian) { BinaryPrimitives.WriteUInt16BigEndian(b, 65535); } else { BinaryPrimitives.WriteUInt16LittleEndian(b, 65535); } });
            Put(4, b => { if (bigEndian) { BinaryPrimitives.WriteSingleBigEndian(b, p.Y); } else { BinaryPrimitives.WriteSingleLittleEndian(b, p.Y); } });
            Put(4, b => { if (bigEndian) { BinaryPrimitives.WriteUInt32BigEndian(b, uint.MaxValue); } else { BinaryPrimitives.WriteUInt32LittleEndian(b, uint.MaxValue); } });
            Put(2, b => { if (bigEndian) { BinaryPrimitives.WriteInt16BigEndian(b, -1); } else { BinaryPrimitives.WriteInt16LittleEndian(b, -1); } });
            Put(4, b => { if (bigEndian) { BinaryPrimitives.WriteInt32BigEndian(b, (int)MathF.Round(p.Z * 1000)); } else { BinaryPrimitives.WriteInt32LittleEndian(b, (int)MathF.Round(p.Z * 1000)); } });
            body.Add(7);
        }

        for (int e = 0; e < 2; e++)
        {
            Put(4, _ => { });
            Put(2, b => { if (bigEndian) { BinaryPrimitives.WriteUInt16BigEndian(b, 2); } else { BinaryPrimitives.WriteUInt16LittleEndian(b, 2); } });
            Put(16, _ => { });
        }

        return [.. Encoding.ASCII.GetBytes(header.ToString()), .. body];
    }

    public static string PcdHeader(string fields, string sizes, string types, int width, int height, string data, string version = "0.7") =>
        $"# .PCD v{version} - Point Cloud Data file format\nVERSION {version}\nFIELDS {fields}\nSIZE {sizes}\nTYPE {types}\nCOUNT {string.Join(' ', fields.Split(' ').Select(_ => "1"))}\nWIDTH {width}\nHEIGHT {height}\nVIEWPOINT 0 0 0 1 0 0 0\nPOINTS {width * height}\nDATA {data}\n";

    /// <summary>x y z rgb (packed float) as binary rows.</summary>
    public static byte[] PcdBinary(Vector3[] points, byte[] colors, int width = 0, int height = 1)
    {
        width = width == 0 ? points.Length : width;
        byte[] header = Encoding.ASCII.GetBytes(PcdHeader("x y z rgb", "4 4 4 4", "F F F F", width, height, "binary"));
        byte[] body = new byte[points.Length * 16];
        for (int i = 0; i < points.Length; i++)
        {
            WriteRow(body.AsSpan(i * 16), points[i], colors, i);
        }

        return [.. header, .. body];
    }

    /// <summary>x y z rgb as binary_compressed: field-major block, LZF with literal runs and one back reference per field.</summary>
    public static byte[] PcdCompressed(Vector3[] points, byte[] colors)
    {
        byte[] header = Encoding.ASCII.GetBytes(PcdHeader("x y z rgb", "4 4 4 4", "F F F F", points.Length, 1, "binary_compressed"));
        int n = points.Length;
        byte[] soa = new byte[n * 16];
        for (int i = 0; i < n; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(soa.AsSpan(i * 4), points[i].X);
            BinaryPrimitives.WriteSingleLittleEndian(soa.AsSpan((n * 4) + (i * 4)), points[i].Y);
            BinaryPrimitives.WriteSingleLittleEndian(soa.AsSpan((n * 8) + (i * 4)), points[i].Z);
            BinaryPrimitives.WriteUInt32LittleEndian(soa.AsSpan((n * 12) + (i * 4)), Packed(colors, i));
        }

        byte[] compressed = LzfLiterals(soa);
        byte[] sizes = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(sizes, (uint)compressed.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(sizes.AsSpan(4), (uint)soa.Length);
        return [.. header, .. sizes, .. compressed];
    }

    /// <summary>A valid LZF stream made of literal runs only (every decoder must accept it).</summary>
    public static byte[] LzfLiterals(ReadOnlySpan<byte> data)
    {
        var output = new List<byte>();
        for (int i = 0; i < data.Length; i += 32)
        {
            int run = Math.Min(32, data.Length - i);
            output.Add((byte)(run - 1));
            output.AddRange(data.Slice(i, run).ToArray());
        }

        return [.. output];
    }

    public static byte[] PcdAscii(Vector3[] points, char separator = ' ', string version = "0.7")
    {
        var sb = new StringBuilder(PcdHeader("x y z", "4 4 4", "F F F", points.Length, 1, "ascii", version));
        foreach (Vector3 p in points)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{p.X:R}{separator}{p.Y:R}{separator}{p.Z:R}\n");
        }

        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    public static byte[] Text(Vector3[] points, string? header = null, char separator = ' ')
    {
        var sb = new StringBuilder();
        if (header is not null)
        {
            sb.Append(header).Append('\n');
        }

        foreach (Vector3 p in points)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{p.X:R}{separator}{p.Y:R}{separator}{p.Z:R}\n");
        }

        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    public static uint Packed(byte[] colors, int i) => ((uint)colors[i * 3] << 16) | ((uint)colors[(i * 3) + 1] << 8) | colors[(i * 3) + 2];

    public static byte[] Colors(int count, int seed = 2)
    {
        byte[] colors = new byte[count * 3];
        new Random(seed).NextBytes(colors);
        return colors;
    }

    private static void WriteRow(Span<byte> row, Vector3 p, byte[] colors, int i)
    {
        BinaryPrimitives.WriteSingleLittleEndian(row, p.X);
        BinaryPrimitives.WriteSingleLittleEndian(row[4..], p.Y);
        BinaryPrimitives.WriteSingleLittleEndian(row[8..], p.Z);
        BinaryPrimitives.WriteUInt32LittleEndian(row[12..], Packed(colors, i));
    }
}
