using Customizable.Vlm;

/// <summary>Generates demo parts: a brushed-metal-like texture with a bolt hole, optionally with a scratch.</summary>
internal static class DemoImages
{
    public static RawFrame Part(int seed, bool scratch = false)
    {
        const int size = 320;
        var random = new Random(seed);
        byte[] rgb = new byte[size * size * 3];
        int shift = random.Next(4);
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                double stripes = 18 * Math.Sin((x + shift) * 0.35);
                double dx = x - (size / 2.0), dy = y - (size / 2.0);
                bool hole = (dx * dx) + (dy * dy) < 30 * 30;
                double v = hole ? 35 : 150 + stripes + (y * 0.1) + random.Next(-6, 7);
                int o = ((y * size) + x) * 3;
                rgb[o] = (byte)Math.Clamp(v, 0, 255);
                rgb[o + 1] = (byte)Math.Clamp(v + 5, 0, 255);
                rgb[o + 2] = (byte)Math.Clamp(v + 12, 0, 255);
            }
        }

        if (scratch)
        {
            for (int t = 0; t < 90; t++)
            {
                int x = 60 + t, y = 230 - (t / 2);
                for (int k = -1; k <= 1; k++)
                {
                    int o = (((y + k) * size) + x) * 3;
                    rgb[o] = rgb[o + 1] = rgb[o + 2] = 20;
                }
            }
        }

        return new RawFrame(size, size, PixelFormat.Rgb24, rgb);
    }
}
