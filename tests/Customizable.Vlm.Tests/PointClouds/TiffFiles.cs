using System.Buffers.Binary;

namespace Customizable.Vlm.Tests.PointClouds;

/// <summary>Writes small classic TIFF files in memory for the XYZ TIFF reader tests (strips or tiles, either byte order).</summary>
internal static class TiffFiles
{
    /// <summary>A row-major 4 x 3 grid of x, y, z floats with two all-zero pixels (1 and 6) and a NaN (pixel 9).</summary>
    public static float[] Grid4x3()
    {
        float[] xyz = new float[4 * 3 * 3];
        for (int i = 0; i < 12; i++)
        {
            xyz[i * 3] = (i % 4) * 0.5f - 1f;
            xyz[(i * 3) + 1] = (i / 4) * 0.25f + 2f;
            xyz[(i * 3) + 2] = 10f + i;
        }

        Array.Clear(xyz, 1 * 3, 3);
        Array.Clear(xyz, 6 * 3, 3);
        xyz[(9 * 3) + 1] = float.NaN;
        return xyz;
    }

    /// <summary>Writes a TIFF whose pixels come from <paramref name="xyz"/> (row-major, 3 floats per pixel when the spec is 3 x float32).</summary>
    public static byte[] Write(float[] xyz, TiffSpec spec)
    {
        bool big = spec.BigEndian;
        int bytesPerPixel = spec.Samples * spec.Bits / 8;
        var body = new List<byte>();
        var offsets = new List<uint>();
        var counts = new List<uint>();

        void Pixel(int x, int y)
        {
            byte[] bytes = new byte[bytesPerPixel];
            if (x < spec.Width && y < spec.Height && spec.Bits == 32)
            {
                for (int s = 0; s < spec.Samples; s++)
                {
                    int source = (((y * spec.Width) + x) * 3) + s;
                    float value = s < 3 && source < xyz.Length ? xyz[source] : 1f;
                    if (big)
                    {
                        BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(s * 4), value);
                    }
                    else
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(s * 4), value);
                    }
                }
            }
            else if (x < spec.Width && y < spec.Height)
            {
                Array.Fill(bytes, (byte)(x + y + 1));
            }

            body.AddRange(bytes);
        }

        if (spec.TileSize > 0)
        {
            for (int ty = 0; ty < spec.Height; ty += spec.TileSize)
            {
                for (int tx = 0; tx < spec.Width; tx += spec.TileSize)
                {
                    offsets.Add((uint)body.Count);
                    for (int y = ty; y < ty + spec.TileSize; y++)
                    {
                        for (int x = tx; x < tx + spec.TileSize; x++)
                        {
                            Pixel(x, y);
                        }
                    }

                    counts.Add((uint)body.Count - offsets[^1]);
                }
            }
        }
        else
        {
            int rows = spec.RowsPerStrip > 0 ? spec.RowsPerStrip : spec.Height;
            for (int y0 = 0; y0 < spec.Height; y0 += rows)
            {
                offsets.Add((uint)body.Count);
                for (int y = y0; y < Math.Min(spec.Height, y0 + rows); y++)
                {
                    for (int x = 0; x < spec.Width; x++)
                    {
                        Pixel(x, y);
                    }
                }

                counts.Add((uint)body.Count - offsets[^1]);
            }
        }

        if (spec.ByteCountDelta != 0)
        {
            counts[^1] = (uint)(counts[^1] + spec.ByteCountDelta);
        }

        const ushort Short = 3, Long = 4;
        const int HeaderBytes = 8;
        int entries = 8 + (spec.TileSize > 0 ? 4 : 3);
        int ifdBytes = 2 + (entries * 12) + 4;
        int blocks = offsets.Count;
        int extraBytes = (spec.Samples * 2 > 4 ? 2 * spec.Samples * 2 : 0) + (blocks > 1 ? 2 * blocks * 4 : 0);
        int bodyStart = spec.DirectoryFirst ? HeaderBytes + ifdBytes + extraBytes : HeaderBytes;
        int extraStart = spec.DirectoryFirst ? HeaderBytes + ifdBytes : HeaderBytes + body.Count;
        int ifd = spec.DirectoryFirst ? HeaderBytes : extraStart + extraBytes;
        uint[] fileOffsets = offsets.Select(o => (uint)(o + bodyStart)).ToArray();
        var tags = new List<(ushort Tag, ushort Type, uint[] Values)>
        {
            (256, Long, [(uint)(spec.DeclaredWidth ?? spec.Width)]),
            (257, Long, [(uint)(spec.DeclaredHeight ?? spec.Height)]),
            (258, Short, Enumerable.Repeat((uint)spec.Bits, spec.Samples).ToArray()),
            (259, Short, [spec.Compression]),
            (262, Short, [spec.Samples >= 3 ? 2u : 1u]),
            (277, Short, [(uint)spec.Samples]),
            (284, Short, [1]),
            (339, Short, Enumerable.Repeat(spec.SampleFormat, spec.Samples).ToArray()),
        };
        if (spec.TileSize > 0)
        {
            tags.Add((322, Short, [(uint)spec.TileSize]));
            tags.Add((323, Short, [(uint)spec.TileSize]));
            tags.Add((324, Long, fileOffsets));
            tags.Add((325, Long, [.. counts]));
        }
        else
        {
            tags.Add((273, Long, fileOffsets));
            tags.Add((278, Long, [(uint)(spec.RowsPerStrip > 0 ? spec.RowsPerStrip : spec.Height)]));
            tags.Add((279, Long, [.. counts]));
        }

        tags.Sort((a, b) => a.Tag.CompareTo(b.Tag));
        var extra = new List<byte>();
        var fields = new List<byte[]>();
        foreach ((ushort tag, ushort type, uint[] values) in tags)
        {
            int size = type == Short ? 2 : 4;
            byte[] packed = new byte[values.Length * size];
            for (int i = 0; i < values.Length; i++)
            {
                Put(packed, i * size, values[i], size, big);
            }

            byte[] field = new byte[12];
            Put(field, 0, tag, 2, big);
            Put(field, 2, type, 2, big);
            Put(field, 4, (uint)values.Length, 4, big);
            if (packed.Length <= 4)
            {
                packed.CopyTo(field, 8);
            }
            else
            {
                Put(field, 8, (uint)(extraStart + extra.Count), 4, big);
                extra.AddRange(packed);
            }

            fields.Add(field);
        }

        if (extra.Count != extraBytes || fields.Count * 12 != ifdBytes - 6)
        {
            throw new InvalidOperationException("The test TIFF writer miscounted its layout.");
        }

        var directory = new List<byte>();
        byte[] entryCount = new byte[2];
        Put(entryCount, 0, (uint)fields.Count, 2, big);
        directory.AddRange(entryCount);
        foreach (byte[] field in fields)
        {
            directory.AddRange(field);
        }

        directory.AddRange(new byte[4]);
        var file = new List<byte>(big ? "MM\0*"u8.ToArray() : "II*\0"u8.ToArray());
        byte[] ifdOffset = new byte[4];
        Put(ifdOffset, 0, (uint)ifd, 4, big);
        file.AddRange(ifdOffset);
        if (spec.DirectoryFirst)
        {
            file.AddRange(directory);
            file.AddRange(extra);
            file.AddRange(body);
        }
        else
        {
            file.AddRange(body);
            file.AddRange(extra);
            file.AddRange(directory);
        }

        return [.. file];
    }

    private static void Put(byte[] target, int at, uint value, int size, bool big)
    {
        if (size == 2)
        {
            if (big)
            {
                BinaryPrimitives.WriteUInt16BigEndian(target.AsSpan(at), (ushort)value);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(target.AsSpan(at), (ushort)value);
            }
        }
        else if (big)
        {
            BinaryPrimitives.WriteUInt32BigEndian(target.AsSpan(at), value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(target.AsSpan(at), value);
        }
    }
}
