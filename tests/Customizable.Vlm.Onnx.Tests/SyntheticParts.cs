namespace Customizable.Vlm.Onnx.Tests;

/// <summary>The kinds of defect the synthetic generator can plant.</summary>
public enum DefectKind
{
    Scratch,
    DarkBlob,
    BrightBlob,
    MissingPiece,
    ColourSpot,
}

/// <summary>A synthetic image and, for a defective one, where the defect was planted (in image pixels).</summary>
public sealed record SyntheticImage(RawFrame Frame, PixelRect? Plant)
{
    public ImageObservation ToObservation(string name) => ImageObservation.FromFrame(Frame, name);
}

/// <summary>
/// Generates textured "parts": a smooth colour gradient under a regular stripe and grid texture, with a little per-image noise
/// and a random shift of a few pixels, all reproducible from a seed. Defects are planted on top with known rectangles.
/// </summary>
public static class SyntheticParts
{
    public const int Size = 256;

    /// <summary>The flat colour of the background the part sits on (used for "missing piece").</summary>
    public static readonly (byte R, byte G, byte B) Background = (40, 40, 48);

    public static SyntheticImage Normal(int seed) => new(RawFrame.CopyRgb24(Size, Size, Render(seed)), null);

    public static SyntheticImage WithDefect(int seed, DefectKind kind, int centreX, int centreY)
    {
        byte[] rgb = Render(seed);
        PixelRect plant = kind switch
        {
            DefectKind.Scratch => DrawScratch(rgb, centreX, centreY, (15, 15, 15)),
            DefectKind.DarkBlob => FillDisc(rgb, centreX, centreY, 14, (20, 18, 15)),
            DefectKind.BrightBlob => FillDisc(rgb, centreX, centreY, 14, (250, 250, 245)),
            DefectKind.MissingPiece => FillRect(rgb, new PixelRect(centreX - 20, centreY - 15, 40, 30), Background),
            DefectKind.ColourSpot => FillDisc(rgb, centreX, centreY, 10, (235, 20, 20)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return new SyntheticImage(RawFrame.CopyRgb24(Size, Size, rgb), plant);
    }

    private static byte[] Render(int seed)
    {
        var random = new Random(seed);
        int shiftX = random.Next(-3, 4), shiftY = random.Next(-3, 4);
        byte[] rgb = new byte[Size * Size * 3];
        for (int y = 0; y < Size; y++)
        {
            for (int x = 0; x < Size; x++)
            {
                int sx = x + shiftX, sy = y + shiftY;
                double gradient = 90 + (50.0 * sx / Size) + (30.0 * sy / Size);
                double stripes = 25 * Math.Sin(2 * Math.PI * sx / 12.0);
                bool grid = (sx & 31) < 2 || (sy & 31) < 2;
                double value = gradient + stripes + (grid ? -35 : 0);
                double noise = (random.NextDouble() - 0.5) * 8;
                int i = ((y * Size) + x) * 3;
                rgb[i] = Clamp(value + 10 + noise);
                rgb[i + 1] = Clamp(value + noise);
                rgb[i + 2] = Clamp(value - 15 + noise);
            }
        }

        return rgb;
    }

    private static PixelRect FillRect(byte[] rgb, PixelRect rect, (byte R, byte G, byte B) colour)
    {
        for (int y = rect.Y; y < rect.Bottom; y++)
        {
            for (int x = rect.X; x < rect.Right; x++)
            {
                Set(rgb, x, y, colour);
            }
        }

        return rect;
    }

    /// <summary>A diagonal line 3 px thick and about 60 px long, centred on the given point.</summary>
    private static PixelRect DrawScratch(byte[] rgb, int cx, int cy, (byte R, byte G, byte B) colour)
    {
        const int half = 21;
        int minX = int.MaxValue, minY = int.MaxValue, maxX = int.MinValue, maxY = int.MinValue;
        for (int y = cy - half - 2; y <= cy + half + 2; y++)
        {
            for (int x = cx - half - 2; x <= cx + half + 2; x++)
            {
                // Distance to the line x - cx = y - cy, limited to the segment.
                double along = ((x - cx) + (y - cy)) / Math.Sqrt(2);
                double across = Math.Abs((x - cx) - (y - cy)) / Math.Sqrt(2);
                if (across <= 1.5 && Math.Abs(along) <= half * Math.Sqrt(2))
                {
                    Set(rgb, x, y, colour);
                    (minX, minY, maxX, maxY) = (Math.Min(minX, x), Math.Min(minY, y), Math.Max(maxX, x), Math.Max(maxY, y));
                }
            }
        }

        return new PixelRect(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    private static PixelRect FillDisc(byte[] rgb, int cx, int cy, int radius, (byte R, byte G, byte B) colour)
    {
        for (int y = cy - radius; y <= cy + radius; y++)
        {
            for (int x = cx - radius; x <= cx + radius; x++)
            {
                if (((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) <= radius * radius)
                {
                    Set(rgb, x, y, colour);
                }
            }
        }

        return new PixelRect(cx - radius, cy - radius, (2 * radius) + 1, (2 * radius) + 1);
    }

    private static void Set(byte[] rgb, int x, int y, (byte R, byte G, byte B) colour)
    {
        int i = ((y * Size) + x) * 3;
        (rgb[i], rgb[i + 1], rgb[i + 2]) = colour;
    }

    private static byte Clamp(double v) => (byte)Math.Clamp((int)Math.Round(v), 0, 255);
}
