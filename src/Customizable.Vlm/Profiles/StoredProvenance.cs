using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;

namespace Customizable.Vlm.Profiles;

/// <summary>Writes a stored reference view's provenance into its header entry and reads it back, keeping its kind (image, video,
/// point cloud). A view downscaled by a prompt composer (one composite tile covering the frame) is stored as its inner provenance,
/// rescaled to the stored frame.</summary>
internal static class StoredProvenance
{
    public const string Image = "image";
    public const string Video = "video";
    public const string PointCloud = "point-cloud";

    /// <summary>Fills the provenance fields of <paramref name="stored"/>; returns the deflated index map of a point-cloud view, or null.</summary>
    public static byte[]? Describe(EncodedView view, ProfileView stored)
    {
        int width = view.Frame.Width, height = view.Frame.Height;
        ViewProvenance provenance = view.Provenance;
        double sx = 1, sy = 1;
        if (provenance is CompositeProvenance { Tiles: [CompositeTile tile] } && tile.Bounds == new PixelRect(0, 0, width, height))
        {
            provenance = tile.View.Provenance;
            sx = (double)tile.View.Frame.Width / width;
            sy = (double)tile.View.Frame.Height / height;
        }

        switch (provenance)
        {
            case ImageProvenance p:
                ImageProvenance scaled = p.Then(sx, sy, 0, 0);
                stored.ProvenanceKind = Image;
                (stored.SourceWidth, stored.SourceHeight, stored.ScaleX, stored.ScaleY, stored.OffsetX, stored.OffsetY) =
                    (scaled.SourceWidth, scaled.SourceHeight, scaled.ScaleX, scaled.ScaleY, scaled.OffsetX, scaled.OffsetY);
                return null;
            case VideoProvenance v:
                stored.ProvenanceKind = Video;
                stored.Tiles = [.. v.Tiles.Select(t => new long[]
                {
                    (long)Math.Floor(t.ViewRect.X / sx), (long)Math.Floor(t.ViewRect.Y / sy),
                    Math.Max(1, (long)Math.Round(t.ViewRect.Width / sx)), Math.Max(1, (long)Math.Round(t.ViewRect.Height / sy)),
                    t.FrameIndex, t.Start.Ticks, t.Duration.Ticks, t.FrameWidth, t.FrameHeight,
                })];
                return null;
            case PointCloudViewProvenance c:
                stored.ProvenanceKind = PointCloud;
                stored.ViewName = c.ViewName;
                Matrix4x4 m = c.CloudToView;
                stored.CloudToView = [m.M11, m.M12, m.M13, m.M14, m.M21, m.M22, m.M23, m.M24, m.M31, m.M32, m.M33, m.M34, m.M41, m.M42, m.M43, m.M44];
                return DeflateIndexMap(c, width, height);
            default:
                throw new NotSupportedException($"Reference view '{view.Label}' has a {provenance.GetType().Name}, which profiles cannot store.");
        }
    }

    /// <summary>Rebuilds the provenance of a stored view.</summary>
    public static ViewProvenance Read(ProfileView v, ReadOnlySpan<byte> indexMap, string what, int i)
    {
        switch (v.ProvenanceKind ?? Image)
        {
            case Image:
                return new ImageProvenance(v.SourceWidth, v.SourceHeight, v.ScaleX, v.ScaleY, v.OffsetX, v.OffsetY);
            case Video when v.Tiles is { Count: > 0 } tiles && tiles.All(t => t is { Length: 9 }):
                return new VideoProvenance([.. tiles.Select(t => new VideoTile(
                    new PixelRect(checked((int)t[0]), checked((int)t[1]), checked((int)t[2]), checked((int)t[3])),
                    checked((int)t[4]), TimeSpan.FromTicks(t[5]), TimeSpan.FromTicks(t[6]), checked((int)t[7]), checked((int)t[8])))]);
            case PointCloud when v.CloudToView is { Length: 16 } m:
                int[] map = InflateIndexMap(indexMap, v.Width, v.Height, what, i);
                var matrix = new Matrix4x4(m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10], m[11], m[12], m[13], m[14], m[15]);
                return new PointCloudViewProvenance(v.ViewName ?? string.Empty, v.Width, v.Height, matrix, map, ReadOnlyMemory<System.Numerics.Vector3>.Empty);
            default:
                throw new InvalidProfileException($"'{what}': view {i} has an unknown or incomplete provenance '{v.ProvenanceKind}'.");
        }
    }

    private static byte[] DeflateIndexMap(PointCloudViewProvenance c, int width, int height)
    {
        // Nearest-neighbour resampling to the stored frame's size (identity when the view was not downscaled).
        ReadOnlySpan<int> source = c.PixelToPointIndex.Span;
        byte[] raw = new byte[checked(width * height * 4)];
        for (int y = 0; y < height; y++)
        {
            int sy = Math.Min(c.ViewHeight - 1, (int)((long)y * c.ViewHeight / height));
            for (int x = 0; x < width; x++)
            {
                int sx = Math.Min(c.ViewWidth - 1, (int)((long)x * c.ViewWidth / width));
                BinaryPrimitives.WriteInt32LittleEndian(raw.AsSpan(((y * width) + x) * 4), source[(sy * c.ViewWidth) + sx]);
            }
        }

        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(raw);
        }

        return output.ToArray();
    }

    private static int[] InflateIndexMap(ReadOnlySpan<byte> compressed, int width, int height, string what, int i)
    {
        int[] map = new int[checked(width * height)];
        byte[] raw = new byte[map.Length * 4];
        using var input = new MemoryStream(compressed.ToArray(), writable: false);
        using var deflate = new DeflateStream(input, CompressionMode.Decompress);
        int read = deflate.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
        if (read != raw.Length || deflate.ReadByte() != -1)
        {
            throw new InvalidProfileException($"'{what}': view {i}'s pixel-to-point map does not hold {width}x{height} indices.");
        }

        for (int p = 0; p < map.Length; p++)
        {
            map[p] = BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(p * 4));
            if (map[p] < -1)
            {
                throw new InvalidProfileException($"'{what}': view {i}'s pixel-to-point map holds an invalid index {map[p]}.");
            }
        }

        return map;
    }
}
