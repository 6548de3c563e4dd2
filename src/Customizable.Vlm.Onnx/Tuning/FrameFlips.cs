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

    /// <summary>
    /// The frames whose patches go into a slot's memory: the <paramref name="references"/> first (index i is reference i), then
    /// mirrored copies, kind by kind, reference by reference, while the total stays within <paramref name="maxFrames"/> (the copies
    /// matter most when references are few; many references already cover the variation and would only cost memory and time).
    /// Copy j of the result is derived from reference <c>j % references.Count</c>.
    /// </summary>
    public static List<RawFrame> Augment(IReadOnlyList<RawFrame> references, ReferenceAugmentation augmentation, int maxFrames)
    {
        var frames = new List<RawFrame>(references);
        foreach ((ReferenceAugmentation kind, Func<RawFrame, RawFrame> flip) in new (ReferenceAugmentation, Func<RawFrame, RawFrame>)[]
                 {
                     (ReferenceAugmentation.FlipHorizontal, Horizontal),
                     (ReferenceAugmentation.FlipVertical, Vertical),
                 })
        {
            if ((augmentation & kind) == 0)
            {
                continue;
            }

            for (int i = 0; i < references.Count && frames.Count < maxFrames; i++)
            {
                frames.Add(flip(references[i]));
            }
        }

        return frames;
    }
}
