using Customizable.Vlm;

namespace VideoSample;

/// <summary>
/// Draws the demo clip in memory: a fixed camera over a tiled floor where a blue bar slides back and forth (normal motion, a
/// 2.5 s period), with a little sensor noise; from <see cref="ObjectStart"/> to <see cref="ObjectEnd"/> an orange ball crosses the
/// scene from left to right (the anomaly).
/// </summary>
internal static class DemoClip
{
    /// <summary>The frame rate, in frames per second.</summary>
    public const double FramesPerSecond = 10;

    /// <summary>The frame width and height, in pixels.</summary>
    public const int Width = 192, Height = 144;

    /// <summary>The clip's length.</summary>
    public static readonly TimeSpan Length = TimeSpan.FromSeconds(12);

    /// <summary>The end of the normal part the sample customizes from (the clip starts normal).</summary>
    public static readonly TimeSpan NormalPartEnd = TimeSpan.FromSeconds(5);

    /// <summary>When the ball enters and leaves the scene.</summary>
    public static readonly TimeSpan ObjectStart = TimeSpan.FromSeconds(7), ObjectEnd = TimeSpan.FromSeconds(10);

    /// <summary>Draws every frame of the clip, RGB24.</summary>
    public static RawFrame[] Frames()
    {
        int count = (int)(Length.TotalSeconds * FramesPerSecond);
        var frames = new RawFrame[count];
        var random = new Random(7);
        for (int i = 0; i < count; i++)
        {
            frames[i] = Draw(i / FramesPerSecond, random);
        }

        return frames;
    }

    private static RawFrame Draw(double t, Random random)
    {
        byte[] rgb = new byte[Width * Height * 3];
        double phase = (t / 2.5) % 1.0;
        int barX = (int)(20 + (130 * (phase < 0.5 ? phase * 2 : 2 - (phase * 2)))); // the bar's left edge, back and forth
        bool ball = t >= ObjectStart.TotalSeconds && t < ObjectEnd.TotalSeconds;
        double ballX = 10 + ((Width - 20) * (t - ObjectStart.TotalSeconds) / (ObjectEnd - ObjectStart).TotalSeconds), ballY = 100;
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                // Tiled grey floor with dark grout lines.
                int grey = (x % 24 < 2 || y % 24 < 2) ? 70 : 150 + (((x / 24) + (y / 24)) % 2 * 20);
                int r = grey, g = grey, b = grey;
                if (x >= barX && x < barX + 14 && y >= 20 && y < 60)
                {
                    (r, g, b) = (40, 70, 200);
                }

                if (ball && ((x - ballX) * (x - ballX)) + ((y - ballY) * (y - ballY)) < 14 * 14)
                {
                    (r, g, b) = (240, 140, 20);
                }

                int noise = random.Next(-4, 5);
                int o = ((y * Width) + x) * 3;
                rgb[o] = (byte)Math.Clamp(r + noise, 0, 255);
                rgb[o + 1] = (byte)Math.Clamp(g + noise, 0, 255);
                rgb[o + 2] = (byte)Math.Clamp(b + noise, 0, 255);
            }
        }

        return new RawFrame(Width, Height, PixelFormat.Rgb24, rgb);
    }
}
