using Customizable.Vlm;

namespace InspectionWorker;

/// <summary>Generates demo parts for the no-configuration demo: a woven fabric-like texture, optionally with a dark stain planted in
/// it. Deterministic for a seed.</summary>
public static class DemoImages
{
    /// <summary>The side of a demo image, pixels.</summary>
    public const int Size = 256;

    /// <summary>Generates one part.</summary>
    /// <param name="seed">Varies the noise and the weave's phase.</param>
    /// <param name="stain">True to plant a dark stain (about 30 pixels across, centred at (170, 90)).</param>
    /// <returns>An RGB frame of <see cref="Size"/> x <see cref="Size"/> pixels.</returns>
    public static RawFrame Part(int seed, bool stain = false)
    {
        var random = new Random(seed);
        byte[] rgb = new byte[Size * Size * 3];
        int phase = random.Next(3);
        for (int y = 0; y < Size; y++)
        {
            for (int x = 0; x < Size; x++)
            {
                bool warp = ((x + phase) / 6 + (y / 6)) % 2 == 0;
                double v = (warp ? 140 : 110) + (8 * Math.Sin((x + phase) * 0.5)) + random.Next(-5, 6);
                if (stain)
                {
                    double dx = x - 170, dy = (y - 90) * 1.4;
                    double d = Math.Sqrt((dx * dx) + (dy * dy));
                    v -= 90 * Math.Clamp((18 - d) / 6, 0, 1);
                }

                int o = ((y * Size) + x) * 3;
                rgb[o] = (byte)Math.Clamp(v + 20, 0, 255);
                rgb[o + 1] = (byte)Math.Clamp(v + 5, 0, 255);
                rgb[o + 2] = (byte)Math.Clamp(v - 10, 0, 255);
            }
        }

        return new RawFrame(Size, Size, PixelFormat.Rgb24, rgb);
    }
}
