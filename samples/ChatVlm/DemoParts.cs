using Customizable.Vlm;

namespace ChatVlm;

/// <summary>Synthetic demo images: a brushed metal washer, and the same washer with a dark scratch across it.</summary>
internal static class DemoParts
{
    public static RawFrame Washer(int seed, bool scratched)
    {
        const int Size = 256;
        var random = new Random(seed);
        byte[] rgb = new byte[Size * Size * 3];
        double cx = (Size / 2.0) + random.Next(-3, 4), cy = (Size / 2.0) + random.Next(-3, 4);
        for (int y = 0; y < Size; y++)
        {
            for (int x = 0; x < Size; x++)
            {
                double r = Math.Sqrt(((x - cx) * (x - cx)) + ((y - cy) * (y - cy)));
                int value = r is > 40 and < 110 ? 150 + (int)(25 * Math.Sin(r / 3.0)) + random.Next(-6, 7) : 40 + random.Next(-4, 5);
                if (scratched && r is > 40 and < 110 && Math.Abs((y - cy) - (0.6 * (x - cx)) - 30) < 2.5)
                {
                    value = 30;
                }

                int o = ((y * Size) + x) * 3;
                rgb[o] = rgb[o + 1] = (byte)Math.Clamp(value, 0, 255);
                rgb[o + 2] = (byte)Math.Clamp(value + 8, 0, 255);
            }
        }

        return new RawFrame(Size, Size, PixelFormat.Rgb24, rgb);
    }
}
