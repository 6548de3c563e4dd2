using System.Buffers.Binary;

namespace Customizable.Vlm.PointClouds;

/// <summary>
/// Reads organized XYZ TIFF images as MVTec 3D-AD stores them (<c>xyz/*.tiff</c>): one image of 3 samples per pixel, 32-bit IEEE
/// float, uncompressed, chunky, in strips or tiles, little- or big-endian. Each pixel is one point (x, y, z in the file's units);
/// an all-zero pixel is a missing point.
/// </summary>
/// <remarks>
/// Stateless. Only the first image (IFD) is read. Every size is checked against the limits and the bytes present before the point
/// arrays are allocated. All-zero and non-finite pixels are dropped and counted in <see cref="PointCloud.DroppedNonFinite"/>;
/// <see cref="PointCloud.SourceIndices"/> then holds each kept point's row-major pixel index.
/// </remarks>
internal static class TiffCloudParser
{
    private const int BytesPerPixel = 12;

    private const ushort TagImageWidth = 256;
    private const ushort TagImageLength = 257;
    private const ushort TagBitsPerSample = 258;
    private const ushort TagCompression = 259;
    private const ushort TagStripOffsets = 273;
    private const ushort TagSamplesPerPixel = 277;
    private const ushort TagRowsPerStrip = 278;
    private const ushort TagStripByteCounts = 279;
    private const ushort TagPlanarConfiguration = 284;
    private const ushort TagPredictor = 317;
    private const ushort TagTileWidth = 322;
    private const ushort TagTileLength = 323;
    private const ushort TagTileOffsets = 324;
    private const ushort TagTileByteCounts = 325;
    private const ushort TagSampleFormat = 339;

    /// <summary>Whether the data starts with a classic or BigTIFF byte-order mark and magic number.</summary>
    public static bool IsTiff(ReadOnlySpan<byte> data) =>
        data.Length >= 4 && ((data[0] == (byte)'I' && data[1] == (byte)'I' && data[3] == 0 && data[2] is 42 or 43)
            || (data[0] == (byte)'M' && data[1] == (byte)'M' && data[2] == 0 && data[3] is 42 or 43));

    public static PointCloud Parse(ReadOnlySpan<byte> data, string? name, PointCloudLoadOptions options)
    {
        if (!IsTiff(data) || data.Length < 8)
        {
            throw Error(name, "The data is not a TIFF file (no 'II*' or 'MM*' header).");
        }

        bool big = data[0] == (byte)'M';
        if (U16(data, 2, big) == 43)
        {
            throw Error(name, "BigTIFF files are not supported; write a classic TIFF (MVTec 3D-AD xyz images are classic TIFFs).");
        }

        long ifd = U32(data, 4, big);
        if (ifd < 8 || ifd + 2 > data.Length)
        {
            throw Error(name, $"The TIFF image directory offset {ifd:N0} lies outside the {data.Length:N0} bytes of the file.");
        }

        int entries = U16(data, (int)ifd, big);
        long end = ifd + 2 + (entries * 12L);
        if (entries == 0)
        {
            throw Error(name, "The TIFF image directory has 0 entries: there is no image.");
        }

        if (end > data.Length)
        {
            throw Error(name, $"The TIFF image directory declares {entries} entries, more than the file holds.");
        }

        var tags = new Dictionary<ushort, Entry>();
        for (int e = 0; e < entries; e++)
        {
            int at = (int)ifd + 2 + (e * 12);
            var entry = new Entry((ushort)U16(data, at, big), U16(data, at + 2, big), U32(data, at + 4, big), at + 8);
            tags.TryAdd(entry.Tag, entry);
        }

        long width = Scalar(data, tags, TagImageWidth, "ImageWidth", name, big, null);
        long height = Scalar(data, tags, TagImageLength, "ImageLength", name, big, null);
        if (width < 1 || height < 1)
        {
            throw Error(name, $"The TIFF image is {width} x {height} pixels: the cloud is empty.");
        }

        long samples = Scalar(data, tags, TagSamplesPerPixel, "SamplesPerPixel", name, big, 1);
        if (samples != 3)
        {
            throw Error(name, $"The TIFF image has {samples} samples per pixel; an XYZ point image needs 3 (x, y, z).");
        }

        long[] bits = Values(data, tags, TagBitsPerSample, "BitsPerSample", name, big, 3) ?? [1, 1, 1];
        long[] formats = Values(data, tags, TagSampleFormat, "SampleFormat", name, big, 3) ?? [1, 1, 1];
        for (int s = 0; s < 3; s++)
        {
            if (bits[s] != 32 || formats[s] != 3)
            {
                string kind = formats[s] switch { 1 => "unsigned integer", 2 => "signed integer", 3 => "float", _ => $"format {formats[s]}" };
                throw Error(name, $"The TIFF samples are {bits[s]}-bit {kind}; an XYZ point image needs 32-bit float samples (SampleFormat 3).");
            }
        }

        long compression = Scalar(data, tags, TagCompression, "Compression", name, big, 1);
        if (compression != 1)
        {
            throw Error(name, $"The TIFF data uses compression {compression}; only uncompressed data (Compression 1, as MVTec 3D-AD writes) is supported.");
        }

        long predictor = Scalar(data, tags, TagPredictor, "Predictor", name, big, 1);
        if (predictor != 1)
        {
            throw Error(name, $"The TIFF data uses predictor {predictor}; only data without a predictor is supported.");
        }

        long planar = Scalar(data, tags, TagPlanarConfiguration, "PlanarConfiguration", name, big, 1);
        if (planar != 1)
        {
            throw Error(name, $"The TIFF data is stored by plane (PlanarConfiguration {planar}); only interleaved x, y, z pixels are supported.");
        }

        // Each side is below 2^32; past int.MaxValue the product could overflow, and such an image is over any limit anyway.
        long points = width > int.MaxValue || height > int.MaxValue ? long.MaxValue : width * height;
        if (points > options.MaxPoints)
        {
            throw new InputLimitExceededException(name, nameof(PointCloudLoadOptions.MaxPoints), points, options.MaxPoints);
        }

        long pixelBytes = points * BytesPerPixel;
        if (pixelBytes > options.MaxBytes)
        {
            throw new InputLimitExceededException(name, nameof(PointCloudLoadOptions.MaxBytes), pixelBytes, options.MaxBytes);
        }

        if (pixelBytes > data.Length)
        {
            throw Error(name, $"The TIFF header declares {width:N0} x {height:N0} pixels of 12 bytes, more than the {data.Length:N0} bytes of the file.");
        }

        Layout layout = tags.ContainsKey(TagTileOffsets)
            ? Tiles(data, tags, name, big, width, height)
            : Strips(data, tags, name, big, width, height);

        var builder = new PointCloudBuilder(name, (int)points, colors: false, normals: false);
        long kept = 0;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                ReadOnlySpan<byte> pixel = data.Slice(layout.Offset(x, y), BytesPerPixel);
                float px = F32(pixel, 0, big), py = F32(pixel, 4, big), pz = F32(pixel, 8, big);
                if (px == 0f && py == 0f && pz == 0f)
                {
                    // MVTec 3D-AD marks a pixel without a measurement with (0, 0, 0): dropped and counted like a NaN point.
                    builder.Add(double.NaN, double.NaN, double.NaN);
                    continue;
                }

                if (float.IsFinite(px) && float.IsFinite(py) && float.IsFinite(pz))
                {
                    kept++;
                }

                builder.Add(px, py, pz);
            }
        }

        if (kept == 0)
        {
            throw Error(name, $"Every one of the {points:N0} pixels of the XYZ TIFF is missing (all zero) or has a NaN or infinite coordinate: the cloud is empty.");
        }

        bool organized = height > 1;
        return builder.Build(organized ? (int)width : 0, organized ? (int)height : 0);
    }

    private static Layout Strips(ReadOnlySpan<byte> data, Dictionary<ushort, Entry> tags, string? name, bool big, long width, long height)
    {
        long rowsPerStrip = Scalar(data, tags, TagRowsPerStrip, "RowsPerStrip", name, big, uint.MaxValue);
        rowsPerStrip = Math.Clamp(rowsPerStrip, 0, height);
        if (rowsPerStrip < 1)
        {
            throw Error(name, "The TIFF RowsPerStrip is 0.");
        }

        long strips = (height + rowsPerStrip - 1) / rowsPerStrip;
        long[] offsets = Values(data, tags, TagStripOffsets, "StripOffsets", name, big, strips)
            ?? throw Error(name, "The TIFF image has neither StripOffsets nor TileOffsets.");
        long[]? counts = Values(data, tags, TagStripByteCounts, "StripByteCounts", name, big, strips);
        long rowBytes = width * BytesPerPixel;
        for (int s = 0; s < strips; s++)
        {
            long rows = Math.Min(rowsPerStrip, height - (s * rowsPerStrip));
            CheckBlock(data, name, "strip", s, offsets[s], rows * rowBytes, counts?[s]);
        }

        return new Layout(offsets, rowsPerStrip, 0, 0, 0, rowBytes);
    }

    private static Layout Tiles(ReadOnlySpan<byte> data, Dictionary<ushort, Entry> tags, string? name, bool big, long width, long height)
    {
        long tileWidth = Scalar(data, tags, TagTileWidth, "TileWidth", name, big, null);
        long tileHeight = Scalar(data, tags, TagTileLength, "TileLength", name, big, null);
        if (tileWidth < 1 || tileHeight < 1)
        {
            throw Error(name, $"The TIFF tiles are {tileWidth} x {tileHeight} pixels.");
        }

        long tileBytes = tileWidth > data.Length || tileHeight > data.Length ? long.MaxValue : tileWidth * tileHeight;
        tileBytes = tileBytes > data.Length ? long.MaxValue : tileBytes * BytesPerPixel;
        if (tileBytes > data.Length)
        {
            throw Error(name, $"A {tileWidth:N0} x {tileHeight:N0} TIFF tile of 12-byte pixels is larger than the {data.Length:N0} bytes of the file.");
        }

        long across = (width + tileWidth - 1) / tileWidth;
        long down = (height + tileHeight - 1) / tileHeight;
        long[] offsets = Values(data, tags, TagTileOffsets, "TileOffsets", name, big, across * down)!;
        long[]? counts = Values(data, tags, TagTileByteCounts, "TileByteCounts", name, big, across * down);
        for (int t = 0; t < offsets.Length; t++)
        {
            CheckBlock(data, name, "tile", t, offsets[t], tileBytes, counts?[t]);
        }

        return new Layout(offsets, 0, tileWidth, tileHeight, across, tileWidth * BytesPerPixel);
    }

    private static void CheckBlock(ReadOnlySpan<byte> data, string? name, string kind, int index, long offset, long needed, long? declared)
    {
        if (declared is { } count && count < needed)
        {
            throw Error(name, $"TIFF {kind} {index} declares {count:N0} bytes; its pixels need {needed:N0} (compressed or truncated data is not supported).");
        }

        if (offset < 0 || offset + needed > data.Length)
        {
            throw Error(name, $"TIFF {kind} {index} needs bytes {offset:N0} to {offset + needed:N0}; the file has {data.Length:N0} bytes (truncated or lying offsets).");
        }
    }

    /// <summary>Reads a tag that must hold one value, or returns <paramref name="fallback"/> (null: the tag is required).</summary>
    private static long Scalar(ReadOnlySpan<byte> data, Dictionary<ushort, Entry> tags, ushort tag, string label, string? name, bool big, long? fallback)
    {
        long[]? values = Values(data, tags, tag, label, name, big, 1);
        return values?[0] ?? fallback ?? throw Error(name, $"The TIFF image has no {label} tag.");
    }

    /// <summary>Reads an integer tag of exactly <paramref name="expected"/> values (SHORT or LONG), or null when absent.</summary>
    private static long[]? Values(ReadOnlySpan<byte> data, Dictionary<ushort, Entry> tags, ushort tag, string label, string? name, bool big, long expected)
    {
        if (!tags.TryGetValue(tag, out Entry entry))
        {
            return null;
        }

        int size = entry.Type switch { 3 => 2, 4 => 4, _ => 0 };
        if (size == 0)
        {
            throw Error(name, $"The TIFF {label} tag has type {entry.Type}; SHORT or LONG was expected.");
        }

        if (entry.Count == 1 && expected == 3 && tag is TagBitsPerSample or TagSampleFormat)
        {
            // Some writers store one value for all samples.
            long[]? one = Values(data, tags, tag, label, name, big, 1);
            return [one![0], one[0], one[0]];
        }

        if (entry.Count != expected)
        {
            throw Error(name, $"The TIFF {label} tag holds {entry.Count:N0} values; the image needs {expected:N0}.");
        }

        long bytes = entry.Count * size;
        long at = bytes <= 4 ? entry.ValueAt : U32(data, entry.ValueAt, big);
        if (at + bytes > data.Length)
        {
            throw Error(name, $"The TIFF {label} values lie outside the {data.Length:N0} bytes of the file.");
        }

        var values = new long[entry.Count];
        for (int i = 0; i < values.Length; i++)
        {
            int position = (int)(at + (i * size));
            values[i] = size == 2 ? U16(data, position, big) : U32(data, position, big);
        }

        return values;
    }

    private static int U16(ReadOnlySpan<byte> data, int at, bool big) =>
        big ? BinaryPrimitives.ReadUInt16BigEndian(data[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(data[at..]);

    private static uint U32(ReadOnlySpan<byte> data, int at, bool big) =>
        big ? BinaryPrimitives.ReadUInt32BigEndian(data[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);

    private static float F32(ReadOnlySpan<byte> data, int at, bool big) =>
        big ? BinaryPrimitives.ReadSingleBigEndian(data[at..]) : BinaryPrimitives.ReadSingleLittleEndian(data[at..]);

    private static InvalidObservationException Error(string? name, string reason) => new(name, reason, null);

    /// <summary>One image-directory entry: tag, field type, value count and the file position of its 4-byte value field.</summary>
    private readonly record struct Entry(ushort Tag, int Type, uint Count, int ValueAt);

    /// <summary>Where each pixel's 12 bytes lie: strips (<see cref="RowsPerStrip"/> &gt; 0) or tiles.</summary>
    private sealed record Layout(long[] Offsets, long RowsPerStrip, long TileWidth, long TileHeight, long TilesAcross, long RowBytes)
    {
        public int Offset(long x, long y)
        {
            if (RowsPerStrip > 0)
            {
                long strip = y / RowsPerStrip;
                return (int)(Offsets[strip] + ((y - (strip * RowsPerStrip)) * RowBytes) + (x * BytesPerPixel));
            }

            long tile = (y / TileHeight * TilesAcross) + (x / TileWidth);
            return (int)(Offsets[tile] + ((y % TileHeight) * RowBytes) + (x % TileWidth * BytesPerPixel));
        }
    }
}
