using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Tests.Preprocessing;

/// <summary>
/// A deliberately slow, independent reference: for every tensor pixel it evaluates the two-dimensional triangle filter directly
/// over the source pixels around the sample position, in double precision, and normalises by the 2-D weight sum.
/// It derives the geometry from the options itself (no code shared with the library).
/// </summary>
internal static class ReferencePreprocessor
{
    public static double[] Run(TensorPreprocessorOptions o, RawFrame frame)
    {
        int sw = frame.Width, sh = frame.Height, tw = o.TargetWidth, th = o.TargetHeight;
        int rw = tw, rh = th, cropX = 0, cropY = 0, padX = 0, padY = 0;
        if (o.ResizeMode == TensorResizeMode.ShorterSideThenCenterCrop)
        {
            int n = o.ResizeShorterSide;
            if (sw <= sh)
            {
                rw = n;
                rh = (int)((long)n * sh / sw);
            }
            else
            {
                rh = n;
                rw = (int)((long)n * sw / sh);
            }

            cropX = (rw - tw) / 2;
            cropY = (rh - th) / 2;
        }
        else if (o.ResizeMode == TensorResizeMode.Letterbox)
        {
            double s = Math.Min((double)tw / sw, (double)th / sh);
            rw = Math.Clamp((int)Math.Round(sw * s, MidpointRounding.AwayFromZero), 1, tw);
            rh = Math.Clamp((int)Math.Round(sh * s, MidpointRounding.AwayFromZero), 1, th);
            padX = (tw - rw) / 2;
            padY = (th - rh) / 2;
        }

        double scaleX = (double)sw / rw, scaleY = (double)sh / rh;
        double fx = Math.Max(scaleX, 1), fy = Math.Max(scaleY, 1);
        double[] mean = [o.Mean.R, o.Mean.G, o.Mean.B];
        double[] std = [o.Std.R, o.Std.G, o.Std.B];
        double[] pad = [o.PadValue.R, o.PadValue.G, o.PadValue.B];
        var result = new double[3 * tw * th];
        var rgb = new double[3];
        for (int ty = 0; ty < th; ty++)
        {
            for (int tx = 0; tx < tw; tx++)
            {
                bool content = tx >= padX && tx < padX + rw && ty >= padY && ty < padY + rh;
                if (content)
                {
                    double cx = ((tx - padX + cropX + 0.5) * scaleX) - 0.5;
                    double cy = ((ty - padY + cropY + 0.5) * scaleY) - 0.5;
                    Sample(frame, cx, cy, fx, fy, rgb);
                }
                else
                {
                    pad.CopyTo(rgb, 0);
                }

                for (int c = 0; c < 3; c++)
                {
                    int plane = o.ChannelOrder == TensorChannelOrder.Rgb ? c : 2 - c;
                    result[(plane * tw * th) + (ty * tw) + tx] = ((rgb[c] * o.Scale) - mean[c]) / std[c];
                }
            }
        }

        return result;
    }

    private static void Sample(RawFrame frame, double cx, double cy, double fx, double fy, double[] rgb)
    {
        double sum = 0, r = 0, g = 0, b = 0;
        for (int y = Math.Max(0, (int)Math.Floor(cy - fy)); y <= Math.Min(frame.Height - 1, (int)Math.Ceiling(cy + fy)); y++)
        {
            double wy = Triangle((y - cy) / fy);
            if (wy <= 0)
            {
                continue;
            }

            ReadOnlySpan<byte> row = frame.GetRow(y);
            for (int x = Math.Max(0, (int)Math.Floor(cx - fx)); x <= Math.Min(frame.Width - 1, (int)Math.Ceiling(cx + fx)); x++)
            {
                double w = wy * Triangle((x - cx) / fx);
                if (w <= 0)
                {
                    continue;
                }

                (byte pr, byte pg, byte pb) = ReadRgb(frame.Format, row, x);
                sum += w;
                r += w * pr;
                g += w * pg;
                b += w * pb;
            }
        }

        rgb[0] = r / sum;
        rgb[1] = g / sum;
        rgb[2] = b / sum;
    }

    private static (byte R, byte G, byte B) ReadRgb(PixelFormat format, ReadOnlySpan<byte> row, int x) => format switch
    {
        PixelFormat.Rgb24 => (row[x * 3], row[(x * 3) + 1], row[(x * 3) + 2]),
        PixelFormat.Bgr24 => (row[(x * 3) + 2], row[(x * 3) + 1], row[x * 3]),
        PixelFormat.Rgba32 => (row[x * 4], row[(x * 4) + 1], row[(x * 4) + 2]),
        PixelFormat.Bgra32 => (row[(x * 4) + 2], row[(x * 4) + 1], row[x * 4]),
        _ => (row[x], row[x], row[x]),
    };

    private static double Triangle(double t)
    {
        t = Math.Abs(t);
        return t < 1 ? 1 - t : 0;
    }
}
