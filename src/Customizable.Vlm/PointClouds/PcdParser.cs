using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Customizable.Vlm.PointClouds;

/// <summary>Reads PCL PCD files (VERSION .5 to .7; DATA ascii, binary, binary_compressed) with any field layout.</summary>
/// <remarks>Stateless. Sizes declared by the header are checked against the bytes present and the limits before allocating.</remarks>
internal static class PcdParser
{
    private const int MaxHeaderBytes = 1 << 20;

    public static PointCloud Parse(ReadOnlySpan<byte> data, string? name, PointCloudLoadOptions options)
    {
        var cursor = new TextCursor(data);
        string[]? fields = null, sizes = null, types = null, counts = null;
        long width = -1, height = -1, points = -1;
        string? mode = null;
        while (!cursor.AtEnd && mode is null)
        {
            if (cursor.Position > MaxHeaderBytes)
            {
                throw Error(name, $"The PCD header is longer than {MaxHeaderBytes} bytes.");
            }

            string line = Encoding.ASCII.GetString(Clip(cursor.NextLine())).Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            string[] words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            string[] values = words[1..];
            switch (words[0].ToUpperInvariant())
            {
                case "VERSION" or "VIEWPOINT":
                    break;
                case "FIELDS" or "COLUMNS":
                    fields = values;
                    break;
                case "SIZE":
                    sizes = values;
                    break;
                case "TYPE":
                    types = values;
                    break;
                case "COUNT":
                    counts = values;
                    break;
                case "WIDTH":
                    width = ParseCount(values, "WIDTH", name);
                    break;
                case "HEIGHT":
                    height = ParseCount(values, "HEIGHT", name);
                    break;
                case "POINTS":
                    points = ParseCount(values, "POINTS", name);
                    break;
                case "DATA":
                    mode = values.Length == 1 ? values[0].ToLowerInvariant() : string.Empty;
                    break;
                default:
                    throw Error(name, $"Unknown PCD header line '{(line.Length > 80 ? line[..80] : line)}'.");
            }
        }

        if (mode is null)
        {
            throw Error(name, "The PCD header has no DATA line.");
        }

        if (mode is not ("ascii" or "binary" or "binary_compressed"))
        {
            throw Error(name, $"Unknown PCD DATA type '{mode}'.");
        }

        if (fields is null || fields.Length == 0)
        {
            throw Error(name, "The PCD header has no FIELDS line.");
        }

        int n = fields.Length;
        sizes ??= mode == "ascii" ? Enumerable.Repeat("4", n).ToArray() : null;
        types ??= mode == "ascii" ? Enumerable.Repeat("F", n).ToArray() : null;
        if (sizes is null || types is null || sizes.Length != n || types.Length != n || (counts is not null && counts.Length != n))
        {
            throw Error(name, $"The PCD header's SIZE, TYPE and COUNT lines must each list one entry per field ({n} fields).");
        }

        var layout = new Field[n];
        int rowBytes = 0, rowValues = 0;
        for (int f = 0; f < n; f++)
        {
            if (!int.TryParse(sizes[f], NumberStyles.None, CultureInfo.InvariantCulture, out int size)
                || !ScalarTypes.TryParsePcd(types[f], size, out ScalarType type))
            {
                throw Error(name, $"Field '{fields[f]}' has an unknown TYPE '{types[f]}' with SIZE '{sizes[f]}'.");
            }

            int count = 1;
            if (counts is not null && (!int.TryParse(counts[f], NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > 1 << 16))
            {
                throw Error(name, $"Field '{fields[f]}' has an invalid COUNT '{counts[f]}'.");
            }

            layout[f] = new Field(fields[f], type, size, count, rowBytes, rowValues);
            rowBytes += size * count;
            rowValues += count;
        }

        if (points < 0)
        {
            points = width >= 0 && height >= 0 ? width * height : throw Error(name, "The PCD header has neither POINTS nor WIDTH and HEIGHT.");
        }

        if (width >= 0 && height >= 0 && width * height != points)
        {
            throw Error(name, $"WIDTH x HEIGHT ({width} x {height}) does not match POINTS ({points}).");
        }

        if (points == 0)
        {
            throw Error(name, "POINTS is 0: the cloud is empty.");
        }

        if (points > options.MaxPoints)
        {
            throw new InputLimitExceededException(name, nameof(PointCloudLoadOptions.MaxPoints), points, options.MaxPoints);
        }

        var columns = new Columns(layout, name);
        var builder = new PointCloudBuilder(name, (int)points, columns.HasColor, columns.HasNormal);
        ReadOnlySpan<byte> body = data[cursor.Position..];
        switch (mode)
        {
            case "ascii":
                if (points * 2 * rowValues > body.Length)
                {
                    throw Error(name, $"POINTS declares {points:N0} points of {rowValues} values, more than the {body.Length:N0} bytes of the data can hold.");
                }

                ReadAscii(new TextCursor(body), (int)points, rowValues, columns, builder, name);
                break;
            case "binary":
                if (points * rowBytes > body.Length)
                {
                    throw Error(name, $"POINTS declares {points:N0} points of {rowBytes} bytes, more than the {body.Length:N0} bytes of the data.");
                }

                for (int i = 0; i < points; i++)
                {
                    columns.AddBinary(builder, body.Slice(i * rowBytes, rowBytes), i, 0);
                }

                break;
            default:
                ReadCompressed(body, (int)points, rowBytes, columns, builder, name, options);
                break;
        }

        bool organized = height > 1 && width > 0;
        return builder.Build(organized ? (int)width : 0, organized ? (int)height : 0);
    }

    private static void ReadAscii(TextCursor cursor, int points, int rowValues, Columns columns, PointCloudBuilder builder, string? name)
    {
        var tokens = new (int Start, int Length)[rowValues];
        double[] row = new double[rowValues];
        int read = 0;
        while (read < points && !cursor.AtEnd)
        {
            ReadOnlySpan<byte> line = cursor.NextLine();
            int found = TextCursor.Split(line, tokens);
            if (found == 0)
            {
                continue;
            }

            if (found < rowValues)
            {
                throw Error(name, $"Point {read} has {found} values, the header declares {rowValues}.");
            }

            for (int v = 0; v < rowValues; v++)
            {
                row[v] = TextCursor.ParseNumber(line.Slice(tokens[v].Start, tokens[v].Length), name, $"point {read}");
            }

            columns.AddAscii(builder, row);
            read++;
        }

        if (read < points)
        {
            throw Error(name, $"The data ends after {read:N0} points; POINTS declares {points:N0}.");
        }
    }

    private static void ReadCompressed(ReadOnlySpan<byte> body, int points, int rowBytes, Columns columns, PointCloudBuilder builder, string? name, PointCloudLoadOptions options)
    {
        if (body.Length < 8)
        {
            throw Error(name, "The binary_compressed data has no size header.");
        }

        uint compressed = BinaryPrimitives.ReadUInt32LittleEndian(body);
        uint uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        long expected = (long)points * rowBytes;
        if (uncompressed != expected)
        {
            throw Error(name, $"The binary_compressed block declares {uncompressed:N0} bytes, POINTS x row size is {expected:N0}.");
        }

        if (compressed > body.Length - 8)
        {
            throw Error(name, $"The binary_compressed block declares {compressed:N0} compressed bytes, only {body.Length - 8:N0} are present.");
        }

        if (uncompressed > options.MaxBytes || uncompressed > Array.MaxLength)
        {
            throw new InputLimitExceededException(name, nameof(PointCloudLoadOptions.MaxBytes), uncompressed, options.MaxBytes);
        }

        // LZF expands at most about 256 / 3 times (a 3-byte back reference yields up to 264 bytes): a bigger claim is a lie.
        if (uncompressed > (compressed * 90L) + 64)
        {
            throw Error(name, $"The binary_compressed block cannot expand {compressed:N0} bytes to {uncompressed:N0}.");
        }

        byte[] soa = new byte[uncompressed];
        int written = Lzf.Decompress(body.Slice(8, (int)compressed), soa);
        if (written != uncompressed)
        {
            throw Error(name, "The binary_compressed block is corrupt (LZF data does not decompress to the declared size).");
        }

        // The decompressed block is field after field (all points' x, then all y, ...).
        for (int i = 0; i < points; i++)
        {
            columns.AddBinary(builder, soa, i, points);
        }
    }

    private static long ParseCount(string[] values, string key, string? name)
    {
        if (values.Length != 1 || !long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out long value))
        {
            throw Error(name, $"{key} must be a non-negative integer, found '{string.Join(' ', values)}'.");
        }

        return value;
    }

    private static ReadOnlySpan<byte> Clip(ReadOnlySpan<byte> line) => line[..Math.Min(line.Length, 4096)];

    private static InvalidObservationException Error(string? name, string reason) => new(name, reason, null);

    /// <summary>One PCD field: its type, size, count, byte offset in a row and value offset in an ascii line.</summary>
    private readonly record struct Field(string Name, ScalarType Type, int Size, int Count, int ByteOffset, int ValueOffset);

    /// <summary>Which fields hold x, y, z, colour (packed or separate) and normals.</summary>
    private sealed class Columns
    {
        private readonly Field _x, _y, _z;
        private readonly Field? _packed, _red, _green, _blue, _nx, _ny, _nz;
        private readonly float _colorScale = 1f;

        public Columns(Field[] fields, string? name)
        {
            _x = Find(fields, "x") ?? throw Error(name, "The PCD fields have no 'x'.");
            _y = Find(fields, "y") ?? throw Error(name, "The PCD fields have no 'y'.");
            _z = Find(fields, "z") ?? throw Error(name, "The PCD fields have no 'z'.");
            _packed = Find(fields, "rgb") ?? Find(fields, "rgba");
            if (_packed is { Size: not 4 })
            {
                _packed = null;
            }

            _red = Find(fields, "red") ?? Find(fields, "r");
            _green = Find(fields, "green") ?? Find(fields, "g");
            _blue = Find(fields, "blue") ?? Find(fields, "b");
            _nx = Find(fields, "normal_x") ?? Find(fields, "nx");
            _ny = Find(fields, "normal_y") ?? Find(fields, "ny");
            _nz = Find(fields, "normal_z") ?? Find(fields, "nz");
            bool separate = _red is not null && _green is not null && _blue is not null;
            HasColor = _packed is not null || separate;
            HasNormal = _nx is not null && _ny is not null && _nz is not null;
            if (_packed is null && separate)
            {
                _colorScale = ScalarTypes.ColorScale(_red!.Value.Type);
            }
        }

        public bool HasColor { get; }

        public bool HasNormal { get; }

        /// <summary>Adds point <paramref name="i"/>: a row of <c>rowBytes</c> when <paramref name="points"/> is 0, else a field-major block.</summary>
        public void AddBinary(PointCloudBuilder builder, ReadOnlySpan<byte> data, int i, int points)
        {
            double x = Value(data, _x, i, points), y = Value(data, _y, i, points), z = Value(data, _z, i, points);
            float r = 0, g = 0, b = 0;
            if (_packed is { } packed)
            {
                uint bits = BinaryPrimitives.ReadUInt32LittleEndian(data[Offset(packed, i, points)..]);
                (r, g, b) = Unpack(bits);
            }
            else if (HasColor)
            {
                r = (float)Value(data, _red!.Value, i, points) * _colorScale;
                g = (float)Value(data, _green!.Value, i, points) * _colorScale;
                b = (float)Value(data, _blue!.Value, i, points) * _colorScale;
            }

            Vector3 normal = HasNormal
                ? new Vector3((float)Value(data, _nx!.Value, i, points), (float)Value(data, _ny!.Value, i, points), (float)Value(data, _nz!.Value, i, points))
                : default;
            builder.Add(x, y, z, r, g, b, normal);
        }

        public void AddAscii(PointCloudBuilder builder, double[] row)
        {
            float r = 0, g = 0, b = 0;
            if (_packed is { } packed)
            {
                double v = row[packed.ValueOffset];
                uint bits = packed.Type == ScalarType.Float32 ? BitConverter.SingleToUInt32Bits((float)v) : double.IsFinite(v) ? (uint)(long)v : 0u;
                (r, g, b) = Unpack(bits);
            }
            else if (HasColor)
            {
                r = (float)row[_red!.Value.ValueOffset] * _colorScale;
                g = (float)row[_green!.Value.ValueOffset] * _colorScale;
                b = (float)row[_blue!.Value.ValueOffset] * _colorScale;
            }

            Vector3 normal = HasNormal ? new Vector3((float)row[_nx!.Value.ValueOffset], (float)row[_ny!.Value.ValueOffset], (float)row[_nz!.Value.ValueOffset]) : default;
            builder.Add(row[_x.ValueOffset], row[_y.ValueOffset], row[_z.ValueOffset], r, g, b, normal);
        }

        private static (float R, float G, float B) Unpack(uint bits) => ((bits >> 16) & 0xff, (bits >> 8) & 0xff, bits & 0xff);

        private static int Offset(Field field, int i, int points) => points == 0 ? field.ByteOffset : (field.ByteOffset * points) + (i * field.Size * field.Count);

        private static double Value(ReadOnlySpan<byte> data, Field field, int i, int points) => ScalarTypes.Read(data[Offset(field, i, points)..], field.Type, bigEndian: false);

        private static Field? Find(Field[] fields, string name)
        {
            foreach (Field field in fields)
            {
                if (string.Equals(field.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return field;
                }
            }

            return null;
        }
    }
}
