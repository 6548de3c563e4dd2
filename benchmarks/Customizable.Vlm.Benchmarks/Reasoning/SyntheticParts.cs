namespace Customizable.Vlm.Benchmarks.Reasoning;

/// <summary>Seeded textured RGB images standing in for decoded photos of parts.</summary>
internal static class SyntheticParts
{
    public static RawFrame Create(int size, int seed)
    {
        var random = new Random(seed);
        byte[] rgb = new byte[size * size * 3];
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                double v = 128 + (40 * Math.Sin(x * 0.07)) + (30 * Math.Cos(y * 0.05)) + random.Next(-8, 9);
                int o = ((y * size) + x) * 3;
                rgb[o] = (byte)Math.Clamp(v, 0, 255);
                rgb[o + 1] = (byte)Math.Clamp(v * 0.9, 0, 255);
                rgb[o + 2] = (byte)Math.Clamp(v * 0.8, 0, 255);
            }
        }

        return new RawFrame(size, size, PixelFormat.Rgb24, rgb);
    }
}
