using System.Buffers.Binary;

namespace Customizable.Vlm.PointClouds;

/// <summary>Sizes, names and decoding of <see cref="ScalarType"/> values.</summary>
internal static class ScalarTypes
{
    public static int Size(ScalarType type) => type switch
    {
        ScalarType.Int8 or ScalarType.UInt8 => 1,
        ScalarType.Int16 or ScalarType.UInt16 => 2,
        ScalarType.Int32 or ScalarType.UInt32 or ScalarType.Float32 => 4,
        _ => 8,
    };

    /// <summary>Parses a PLY type name, both schemes (<c>uchar</c>/<c>uint8</c>, <c>float</c>/<c>float32</c>...).</summary>
    public static bool TryParsePly(string name, out ScalarType type)
    {
        switch (name)
        {
            case "char" or "int8": type = ScalarType.Int8; return true;
            case "uchar" or "uint8": type = ScalarType.UInt8; return true;
            case "short" or "int16": type = ScalarType.Int16; return true;
            case "ushort" or "uint16": type = ScalarType.UInt16; return true;
            case "int" or "int32": type = ScalarType.Int32; return true;
            case "uint" or "uint32": type = ScalarType.UInt32; return true;
            case "float" or "float32": type = ScalarType.Float32; return true;
            case "double" or "float64": type = ScalarType.Float64; return true;
            default: type = default; return false;
        }
    }

    /// <summary>Parses a PCD TYPE letter (F, U, I) with its SIZE.</summary>
    public static bool TryParsePcd(string letter, int size, out ScalarType type)
    {
        type = (letter.ToUpperInvariant(), size) switch
        {
            ("F", 4) => ScalarType.Float32,
            ("F", 8) => ScalarType.Float64,
            ("U", 1) => ScalarType.UInt8,
            ("U", 2) => ScalarType.UInt16,
            ("U", 4) => ScalarType.UInt32,
            ("U", 8) => ScalarType.UInt64,
            ("I", 1) => ScalarType.Int8,
            ("I", 2) => ScalarType.Int16,
            ("I", 4) => ScalarType.Int32,
            ("I", 8) => ScalarType.Int64,
            _ => (ScalarType)(-1),
        };
        return (int)type >= 0;
    }

    /// <summary>Reads one value; the span must hold at least <see cref="Size"/> bytes.</summary>
    public static double Read(ReadOnlySpan<byte> data, ScalarType type, bool bigEndian) => type switch
    {
        ScalarType.Int8 => (sbyte)data[0],
        ScalarType.UInt8 => data[0],
        ScalarType.Int16 => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(data) : BinaryPrimitives.ReadInt16LittleEndian(data),
        ScalarType.UInt16 => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(data) : BinaryPrimitives.ReadUInt16LittleEndian(data),
        ScalarType.Int32 => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(data) : BinaryPrimitives.ReadInt32LittleEndian(data),
        ScalarType.UInt32 => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data) : BinaryPrimitives.ReadUInt32LittleEndian(data),
        ScalarType.Int64 => bigEndian ? BinaryPrimitives.ReadInt64BigEndian(data) : BinaryPrimitives.ReadInt64LittleEndian(data),
        ScalarType.UInt64 => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(data) : BinaryPrimitives.ReadUInt64LittleEndian(data),
        ScalarType.Float32 => bigEndian ? BinaryPrimitives.ReadSingleBigEndian(data) : BinaryPrimitives.ReadSingleLittleEndian(data),
        _ => bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(data) : BinaryPrimitives.ReadDoubleLittleEndian(data),
    };

    /// <summary>The factor that maps a colour stored in this type to 0-255: floats are 0-1, 16-bit and wider are 0-65535.</summary>
    public static float ColorScale(ScalarType type) => type switch
    {
        ScalarType.Float32 or ScalarType.Float64 => 255f,
        ScalarType.Int8 or ScalarType.UInt8 => 1f,
        _ => 255f / 65535f,
    };
}
