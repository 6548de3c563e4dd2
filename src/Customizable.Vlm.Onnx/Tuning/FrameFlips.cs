namespace Customizable.Vlm.Onnx.Tuning;

/// <summary>Mirrored copies of frames (any pixel format; the copy is packed).</summary>
internal static class FrameFlips
{
    /// <summary>The frame mirrored left to right.</summary>
    public static RawFrame Horizontal(RawFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        int w = frame.Width, h = frame.Height, bpp = frame.BytesPerPixel, rowBytes = w * bpp;
        byte[] pixels = new byte[h * rowBytes];
        for (int y = 0; y < h; y++)
        {
            ReadOnlySpan<byte> row = frame.GetRow(y);
            Span<byte> to = pixels.AsSpan(y * rowBytes, rowBytes);
            for (int x = 0; x < w; x++)
            {
                row.Slice(x * bpp, bpp).CopyTo(to.Slice((w - 1 - x) * bpp, bpp));
            }
        }

        return new RawFrame(w, h, frame.Format, pixels);
    }

    /// <summary>The frame mirrored top to bottom.</summary>
    public static RawFrame Vertical(RawFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        int w = frame.Width, h = frame.Height, rowBytes = w * frame.BytesPerPixel;
        byte[] pixels = new byte[h * rowBytes];
        for (int y = 0; y < h; y++)
        {
            frame.GetRow(y)[..rowBytes].CopyTo(pixels.AsSpan((h - 1 - y) * rowBytes, rowBytes));
        }

        return new RawFrame(w, h, frame.Format, pixels);
    }

    /// <summary>The frame turned by a quarter turn (width and height swap): clockwise, or anticlockwise.</summary>
    public static RawFrame QuarterTurn(RawFrame frame, bool clockwise)
    {
        ArgumentNullException.ThrowIfNull(frame);
        int w = frame.Width, h = frame.Height, bpp = frame.BytesPerPixel;
        byte[] pixels = new byte[w * h * bpp];
        for (int y = 0; y < h; y++)
        {
            ReadOnlySpan<byte> row = frame.GetRow(y);
            for (int x = 0; x < w; x++)
            {
                // The turned frame is h wide and w high: (x, y) goes to (h - 1 - y, x) clockwise, to (y, w - 1 - x) anticlockwise.
                int tx = clockwise ? h - 1 - y : y, ty = clockwise ? x : w - 1 - x;
                row.Slice(x * bpp, bpp).CopyTo(pixels.AsSpan(((ty * h) + tx) * bpp, bpp));
            }
        }

        return new RawFrame(h, w, frame.Format, pixels);
    }

    /// <summary>The frame turned by half a turn (mirrored both ways).</summary>
    public static RawFrame HalfTurn(RawFrame frame) => Vertical(Horizontal(frame));

    /// <summary>
    /// The frame turned clockwise about its centre by <paramref name="degrees"/>, at its own size: each pixel interpolated
    /// bilinearly from the frame, and where the turned frame reaches beyond the original (its corners, for a turn that is not a
    /// multiple of a quarter) the frame reflected at its edges, so that the corners continue the surface or background nearby
    /// instead of a flat fill that no normal part shows. Frames narrower or lower than two pixels are returned as a copy.
    /// </summary>
    public static RawFrame Turn(RawFrame frame, double degrees)
    {
        ArgumentNullException.ThrowIfNull(frame);
        int w = frame.Width, h = frame.Height, bpp = frame.BytesPerPixel;
        byte[] pixels = new byte[w * h * bpp];
        if (w < 2 || h < 2)
        {
            for (int y = 0; y < h; y++)
            {
                frame.GetRow(y)[..(w * bpp)].CopyTo(pixels.AsSpan(y * w * bpp));
            }

            return new RawFrame(w, h, frame.Format, pixels);
        }

        double radians = degrees * Math.PI / 180, cos = Math.Cos(radians), sin = Math.Sin(radians);
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        for (int y = 0; y < h; y++)
        {
            double dy = y - cy;
            for (int x = 0; x < w; x++)
            {
                // The source of (x, y): the offset from the centre turned back by the angle.
                double dx = x - cx;
                double sx = Reflect(cx + (cos * dx) + (sin * dy), w), sy = Reflect(cy - (sin * dx) + (cos * dy), h);
                int x0 = Math.Min((int)sx, w - 2), y0 = Math.Min((int)sy, h - 2);
                double fx = sx - x0, fy = sy - y0;
                ReadOnlySpan<byte> top = frame.GetRow(y0), bottom = frame.GetRow(y0 + 1);
                int left = x0 * bpp, right = left + bpp, to = ((y * w) + x) * bpp;
                for (int c = 0; c < bpp; c++)
                {
                    double upper = top[left + c] + (fx * (top[right + c] - top[left + c]));
                    double lower = bottom[left + c] + (fx * (bottom[right + c] - bottom[left + c]));
                    pixels[to + c] = (byte)Math.Clamp(Math.Round(upper + (fy * (lower - upper))), 0, 255);
                }
            }
        }

        return new RawFrame(w, h, frame.Format, pixels);

        // A coordinate folded back into [0, n - 1] as if the frame were mirrored at its first and last pixels.
        static double Reflect(double v, int n)
        {
            double period = 2.0 * (n - 1);
            v = Math.Abs(v) % period;
            return v > n - 1 ? period - v : v;
        }
    }

    /// <summary>
    /// Appends the references turned by an eighth of a turn and by three, five and seven eighths (45, 135, 225 and 315 degrees
    /// clockwise; <see cref="Turn"/>) to <paramref name="frames"/> and <paramref name="kinds"/>, kind by kind, reference by reference,
    /// while the total stays within <paramref name="maxFrames"/>, so that copy j still comes from reference j % references.Count.
    /// Nothing is appended when <paramref name="frames"/> ended a kind part way (its count is not a multiple of the references').
    /// </summary>
    /// <returns>How many frames were appended.</returns>
    public static int AddEighthTurns(List<RawFrame> frames, List<CopyKind> kinds, IReadOnlyList<RawFrame> references, int maxFrames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(references);
        int n = references.Count, before = frames.Count;
        if (n == 0 || before % n != 0)
        {
            return 0;
        }

        foreach ((CopyKind kind, double degrees) in new[] { (CopyKind.Turn45, 45.0), (CopyKind.Turn135, 135.0), (CopyKind.Turn225, 225.0), (CopyKind.Turn315, 315.0) })
        {
            for (int i = 0; i < n && frames.Count < maxFrames; i++)
            {
                frames.Add(Turn(references[i], degrees));
                kinds.Add(kind);
            }
        }

        return frames.Count - before;
    }

    /// <summary>
    /// The frames whose patches go into a slot's memory: the <paramref name="references"/> first (index i is reference i), then
    /// mirrored copies, kind by kind, reference by reference, while the total stays within <paramref name="maxFrames"/> (the copies
    /// matter most when references are few; many references already cover the variation and would only cost memory and time).
    /// Copy j of the result is derived from reference <c>j % references.Count</c>.
    /// </summary>
    public static List<RawFrame> Augment(IReadOnlyList<RawFrame> references, ReferenceAugmentation augmentation, int maxFrames) =>
        Augment(references, augmentation, quarterTurns: false, maxFrames, out _);

    /// <summary>
    /// As <see cref="Augment(IReadOnlyList{RawFrame}, ReferenceAugmentation, int)"/>, and with <paramref name="quarterTurns"/> the
    /// references turned clockwise, anticlockwise and by half a turn after the mirrored copies, kind by kind while the total stays
    /// within <paramref name="maxFrames"/>. <paramref name="kinds"/> says what each frame of the result is.
    /// </summary>
    public static List<RawFrame> Augment(IReadOnlyList<RawFrame> references, ReferenceAugmentation augmentation, bool quarterTurns, int maxFrames, out List<CopyKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(references);
        var frames = new List<RawFrame>(references);
        kinds = [.. references.Select(_ => CopyKind.Reference)];
        var copies = new List<(CopyKind Kind, Func<RawFrame, RawFrame> Make)>();
        if ((augmentation & ReferenceAugmentation.FlipHorizontal) != 0)
        {
            copies.Add((CopyKind.FlipHorizontal, Horizontal));
        }

        if ((augmentation & ReferenceAugmentation.FlipVertical) != 0)
        {
            copies.Add((CopyKind.FlipVertical, Vertical));
        }

        if (quarterTurns)
        {
            copies.Add((CopyKind.TurnClockwise, f => QuarterTurn(f, clockwise: true)));
            copies.Add((CopyKind.TurnAnticlockwise, f => QuarterTurn(f, clockwise: false)));
            copies.Add((CopyKind.HalfTurn, HalfTurn));
        }

        foreach ((CopyKind kind, Func<RawFrame, RawFrame> make) in copies)
        {
            for (int i = 0; i < references.Count && frames.Count < maxFrames; i++)
            {
                frames.Add(make(references[i]));
                kinds.Add(kind);
            }
        }

        return frames;
    }
}

/// <summary>What a frame of <see cref="FrameFlips.Augment(IReadOnlyList{RawFrame}, ReferenceAugmentation, bool, int, out List{CopyKind})"/>
/// is: a reference, or a copy of one.</summary>
internal enum CopyKind
{
    /// <summary>A reference itself.</summary>
    Reference,

    /// <summary>Mirrored left to right.</summary>
    FlipHorizontal,

    /// <summary>Mirrored top to bottom.</summary>
    FlipVertical,

    /// <summary>Turned a quarter clockwise.</summary>
    TurnClockwise,

    /// <summary>Turned a quarter anticlockwise.</summary>
    TurnAnticlockwise,

    /// <summary>Turned by half a turn.</summary>
    HalfTurn,

    /// <summary>Turned an eighth of a turn (45 degrees) clockwise.</summary>
    Turn45,

    /// <summary>Turned three eighths of a turn (135 degrees) clockwise.</summary>
    Turn135,

    /// <summary>Turned five eighths of a turn (225 degrees) clockwise.</summary>
    Turn225,

    /// <summary>Turned seven eighths of a turn (315 degrees) clockwise.</summary>
    Turn315,
}
