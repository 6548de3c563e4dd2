using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Evaluation.Tests.Support;

/// <summary>
/// Reproducible textured "parts" (gradient, stripes, grid, a little noise and a shift of a few pixels) with an optional planted
/// defect: a bright square whose rectangle is known, so that masks and expected scores follow from it.
/// </summary>
internal static class PartImages
{
    public static Image<Rgb24> Part(int seed, int size, PixelRect? defect)
    {
        var random = new Random(seed);
        int shiftX = random.Next(-2, 3), shiftY = random.Next(-2, 3);
        var image = new Image<Rgb24>(size, size);
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                int sx = x + shiftX, sy = y + shiftY;
                double value = 80 + (30.0 * sx / size) + (20.0 * sy / size) + (20 * Math.Sin(2 * Math.PI * sx / 8.0)) + (((sx & 15) < 1 || (sy & 15) < 1) ? -30 : 0);
                value += (random.NextDouble() - 0.5) * 6;
                byte v = (byte)Math.Clamp(value, 0, 255);
                image[x, y] = new Rgb24((byte)Math.Min(255, v + 8), v, (byte)Math.Max(0, v - 10));
            }
        }

        if (defect is { } d)
        {
            for (int y = d.Y; y < d.Bottom; y++)
            {
                for (int x = d.X; x < d.Right; x++)
                {
                    image[x, y] = new Rgb24(250, 248, 240);
                }
            }
        }

        return image;
    }

    /// <summary>Where the defect of the image with this seed goes: a square of a quarter of the side, away from the border.</summary>
    public static PixelRect DefectAt(int seed, int size)
    {
        int side = size / 4;
        int span = size - side - 8;
        return new PixelRect(4 + (seed * 37 % span), 4 + (seed * 53 % span), side, side);
    }
}
