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
}
