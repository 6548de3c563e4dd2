namespace Customizable.Vlm.Onnx.Tuning;

/// <summary>
/// Plants synthetic defects on normal views (the self-tuning's stand-in for defects nobody has shown yet): scratches, colour and
/// noise blobs, cut-and-paste patches and missing pieces, from tiny (about 2% of the shorter side) to medium (about 20%).
/// Deterministic for a given seed.
/// </summary>
/// <remarks>Stateless and thread-safe. Works on every <see cref="PixelFormat"/>: the first three channels (one for grey) are
/// altered, alpha is kept.</remarks>
internal static class SyntheticDefects
{
    private static readonly SyntheticDefectKind[] Kinds = Enum.GetValues<SyntheticDefectKind>();

    /// <summary>Plants one defect; <paramref name="index"/> rotates through kinds and sizes, <paramref name="seed"/> places it.</summary>
    /// <param name="frame">The normal view (at least 16x16).</param>
    /// <param name="index">Which of the planted set this is (kind = index mod 5, size grows with index / 5).</param>
    /// <param name="seed">The random seed for placement and shape.</param>
    /// <returns>The altered copy and its mask.</returns>
    public static SyntheticDefect Plant(RawFrame frame, int index, int seed)
    {
        ArgumentNullException.ThrowIfNull(frame);
        int w = frame.Width, h = frame.Height, bpp = frame.BytesPerPixel;
        int colours = Math.Min(3, bpp);
        byte[] pixels = new byte[w * h * bpp];
        for (int y = 0; y < h; y++)
        {
            frame.GetRow(y)[..(w * bpp)].CopyTo(pixels.AsSpan(y * w * bpp, w * bpp));
        }

        // A fixed mix (HashCode.Combine is randomized per process): the same inputs plant the same defect in every run.
        var random = new Random(unchecked((int)Mix((uint)seed, (uint)index, (uint)w, (uint)h)));
        SyntheticDefectKind kind = Kinds[index % Kinds.Length];
        double minSide = Math.Min(w, h);

        // Sizes cycle tiny -> small -> medium as the index grows, so every kind is seen at every size.
        double[] radii = [0.02, 0.045, 0.09, 0.16];
        double radius = Math.Max(3, minSide * radii[(index / Kinds.Length) % radii.Length] * (0.8 + (0.4 * random.NextDouble())));

        // Centre inside the middle 80% of the view (where parts usually are), far enough from the edge for the whole shape.
        double cx = (w * 0.1) + (random.NextDouble() * w * 0.8);
        double cy = (h * 0.1) + (random.NextDouble() * h * 0.8);
        bool[] mask = new bool[w * h];
        switch (kind)
        {
            case SyntheticDefectKind.Scratch:
                Scratch(pixels, mask, w, h, bpp, colours, cx, cy, radius * 3, random);
                break;
            case SyntheticDefectKind.ColourBlob:
                Blob(pixels, mask, w, h, bpp, colours, cx, cy, radius, random, noise: false);
                break;
            case SyntheticDefectKind.NoiseBlob:
                Blob(pixels, mask, w, h, bpp, colours, cx, cy, radius, random, noise: true);
                break;
            case SyntheticDefectKind.CutPaste:
                CutPaste(pixels, mask, w, h, bpp, colours, cx, cy, radius, random);
                break;
            default:
                Missing(pixels, mask, w, h, bpp, colours, cx, cy, radius, random);
                break;
        }

        return new SyntheticDefect(new RawFrame(w, h, frame.Format, pixels), mask, kind);
    }

    /// <summary>A stand-in for another normal part: the view shifted by about 2% of its size (edges repeated) in one of four
    /// diagonal directions (<paramref name="index"/> mod 4), 3% brighter or darker.</summary>
    /// <param name="frame">The normal view.</param>
    /// <param name="index">Which stand-in.</param>
    /// <returns>The shifted copy.</returns>
    public static RawFrame Shift(RawFrame frame, int index)
    {
        ArgumentNullException.ThrowIfNull(frame);
        int w = frame.Width, h = frame.Height, bpp = frame.BytesPerPixel;
        int colours = Math.Min(3, bpp);
        int dx = Math.Max(1, w / 50) * ((index & 1) == 0 ? 1 : -1);
        int dy = Math.Max(1, h / 50) * ((index & 2) == 0 ? 1 : -1);
        double gain = (index & 1) == 0 ? 1.03 : 0.97;
        byte[] pixels = new byte[w * h * bpp];
        for (int y = 0; y < h; y++)
        {
            ReadOnlySpan<byte> row = frame.GetRow(Math.Clamp(y - dy, 0, h - 1));
            for (int x = 0; x < w; x++)
            {
                int from = Math.Clamp(x - dx, 0, w - 1) * bpp, to = ((y * w) + x) * bpp;
                for (int c = 0; c < bpp; c++)
                {
                    pixels[to + c] = c < colours ? Clamp((int)Math.Round(row[from + c] * gain)) : row[from + c];
                }
            }
        }

        return new RawFrame(w, h, frame.Format, pixels);
    }

    private static void Scratch(byte[] p, bool[] mask, int w, int h, int bpp, int colours, double cx, double cy, double length, Random random)
    {
        double angle = random.NextDouble() * Math.PI;
        double bend = (random.NextDouble() - 0.5) * 0.6;
        double thickness = Math.Max(1.0, Math.Min(w, h) / 180.0) * (0.8 + random.NextDouble());
        int delta = (random.Next(2) == 0 ? -1 : 1) * (70 + random.Next(60));
        int steps = (int)Math.Ceiling(length * 2);
        for (int s = 0; s <= steps; s++)
        {
            double t = ((double)s / steps) - 0.5;
            double a = angle + (bend * t);
            double x = cx + (Math.Cos(a) * t * length);
            double y = cy + (Math.Sin(a) * t * length);
            int r = (int)Math.Ceiling(thickness);
            for (int dy = -r; dy <= r; dy++)
            {
                for (int dx = -r; dx <= r; dx++)
                {
                    int px = (int)Math.Round(x) + dx, py = (int)Math.Round(y) + dy;
                    if (px < 0 || py < 0 || px >= w || py >= h || (dx * dx) + (dy * dy) > thickness * thickness || mask[(py * w) + px])
                    {
                        continue;
                    }

                    mask[(py * w) + px] = true;
                    int o = ((py * w) + px) * bpp;
                    for (int c = 0; c < colours; c++)
                    {
                        p[o + c] = Clamp(p[o + c] + delta);
                    }
                }
            }
        }
    }

    private static void Blob(byte[] p, bool[] mask, int w, int h, int bpp, int colours, double cx, double cy, double radius, Random random, bool noise)
    {
        double rx = radius * (0.6 + (0.8 * random.NextDouble())), ry = radius * radius / rx;
        double angle = random.NextDouble() * Math.PI;
        int[] shift = new int[3];
        for (int c = 0; c < 3; c++)
        {
            shift[c] = (random.Next(2) == 0 ? -1 : 1) * (40 + random.Next(70));
        }

        double sigma = 35 + (random.NextDouble() * 35);
        ForEllipse(w, h, cx, cy, rx, ry, angle, (x, y, edge) =>
        {
            int i = (y * w) + x;
            mask[i] = true;
            int o = i * bpp;
            for (int c = 0; c < colours; c++)
            {
                double change = noise ? Gaussian(random) * sigma : shift[c];
                p[o + c] = Clamp(p[o + c] + (int)Math.Round(change * edge));
            }
        });
    }

    private static void CutPaste(byte[] p, bool[] mask, int w, int h, int bpp, int colours, double cx, double cy, double radius, Random random)
    {
        int size = Math.Max(4, (int)(radius * 1.6));
        int sx = random.Next(0, Math.Max(1, w - size)), sy = random.Next(0, Math.Max(1, h - size));
        int tx = Math.Clamp((int)(cx - (size / 2.0)), 0, Math.Max(0, w - size)), ty = Math.Clamp((int)(cy - (size / 2.0)), 0, Math.Max(0, h - size));
        int brightness = (random.Next(2) == 0 ? -1 : 1) * (15 + random.Next(30));
        byte[] source = (byte[])p.Clone();
        for (int y = 0; y < size && ty + y < h; y++)
        {
            for (int x = 0; x < size && tx + x < w; x++)
            {
                // A quarter turn: target (x, y) takes source (y, size - 1 - x).
                int fx = Math.Min(w - 1, sx + y), fy = Math.Min(h - 1, sy + (size - 1 - x));
                int i = ((ty + y) * w) + tx + x;
                mask[i] = true;
                int o = i * bpp, f = ((fy * w) + fx) * bpp;
                for (int c = 0; c < colours; c++)
                {
                    p[o + c] = Clamp(source[f + c] + brightness);
                }
            }
        }
    }

    private static void Missing(byte[] p, bool[] mask, int w, int h, int bpp, int colours, double cx, double cy, double radius, Random random)
    {
        // The border's mean colour stands for the background; a dark fill when the border is the part itself.
        Span<double> border = stackalloc double[3];
        int n = 0;
        for (int x = 0; x < w; x++)
        {
            Accumulate(p, (x * bpp), colours, border);
            Accumulate(p, ((((h - 1) * w) + x) * bpp), colours, border);
            n += 2;
        }

        int[] fill = new int[3];
        bool dark = random.Next(3) == 0;
        for (int c = 0; c < 3; c++)
        {
            fill[c] = dark ? 20 : (int)(border[c] / n);
        }

        double rx = radius * (0.6 + (0.8 * random.NextDouble())), ry = radius * radius / rx;
        ForEllipse(w, h, cx, cy, rx, ry, random.NextDouble() * Math.PI, (x, y, edge) =>
        {
            int i = (y * w) + x;
            mask[i] = true;
            int o = i * bpp;
            for (int c = 0; c < colours; c++)
            {
                p[o + c] = Clamp((int)Math.Round((p[o + c] * (1 - edge)) + (fill[c] * edge)));
            }
        });
    }

    private static void Accumulate(byte[] p, int offset, int colours, Span<double> sums)
    {
        for (int c = 0; c < colours; c++)
        {
            sums[c] += p[offset + c];
        }
    }

    /// <summary>Visits the pixels of a rotated ellipse with an edge weight (1 inside, falling to 0 over the outer 20%).</summary>
    private static void ForEllipse(int w, int h, double cx, double cy, double rx, double ry, double angle, Action<int, int, double> visit)
    {
        double r = Math.Max(rx, ry);
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        int x0 = Math.Max(0, (int)(cx - r)), x1 = Math.Min(w - 1, (int)Math.Ceiling(cx + r));
        int y0 = Math.Max(0, (int)(cy - r)), y1 = Math.Min(h - 1, (int)Math.Ceiling(cy + r));
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                double dx = x - cx, dy = y - cy;
                double u = ((dx * cos) + (dy * sin)) / rx, v = ((-dx * sin) + (dy * cos)) / ry;
                double d = Math.Sqrt((u * u) + (v * v));
                if (d <= 1)
                {
                    visit(x, y, Math.Min(1, (1 - d) / 0.2));
                }
            }
        }
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static uint Mix(uint a, uint b, uint c, uint d)
    {
        ulong x = 0x9E3779B97F4A7C15UL;
        foreach (uint v in (ReadOnlySpan<uint>)[a, b, c, d])
        {
            x ^= v;
            x *= 0xBF58476D1CE4E5B9UL;
            x ^= x >> 31;
        }

        return (uint)(x ^ (x >> 32));
    }

    private static byte Clamp(int v) => (byte)Math.Clamp(v, 0, 255);
}
