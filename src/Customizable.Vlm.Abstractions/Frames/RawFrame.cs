namespace Customizable.Vlm;

/// <summary>
/// A decoded image as plain pixels: the neutral type in which pixels travel between encoders, composers and reasoners
/// (never re-encoded to PNG between stages).
/// </summary>
/// <remarks>
/// <para>Coordinates: x grows to the right, y grows downwards, (0, 0) is the top-left pixel; units are pixels of this frame.</para>
/// <para>Ownership: a frame does not own its memory and never copies it. Whoever created the memory keeps it alive and unchanged
/// for as long as the frame is used. Frames made by this library's encoders wrap fresh arrays that nobody else writes.</para>
/// <para>Thread-safety: a frame is immutable; concurrent reads are safe as long as nobody writes the underlying memory.</para>
/// </remarks>
public sealed class RawFrame
{
    /// <summary>Initializes a new frame over existing pixel memory.</summary>
    /// <param name="width">Width in pixels, at least 1.</param>
    /// <param name="height">Height in pixels, at least 1.</param>
    /// <param name="format">Layout of one pixel.</param>
    /// <param name="pixels">The pixel bytes, row after row.</param>
    /// <param name="stride">Bytes from the start of one row to the start of the next; 0 means tightly packed (<c>width * bytesPerPixel</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive, the stride is shorter than a row, or the memory is too small.</exception>
    public RawFrame(int width, int height, PixelFormat format, ReadOnlyMemory<byte> pixels, int stride = 0)
    {
        Throw.IfLessThan(width, 1);
        Throw.IfLessThan(height, 1);
        int bpp = format.BytesPerPixel();
        long rowBytes = (long)width * bpp;
        if (rowBytes > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "A row is larger than 2 GiB.");
        }

        if (stride == 0)
        {
            stride = (int)rowBytes;
        }
        else if (stride < rowBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, $"The stride must be at least width * {bpp} = {rowBytes} bytes.");
        }

        long needed = ((long)stride * (height - 1)) + rowBytes;
        if (pixels.Length < needed)
        {
            throw new ArgumentOutOfRangeException(nameof(pixels), pixels.Length, $"A {width}x{height} {format} frame with stride {stride} needs at least {needed} bytes.");
        }

        Width = width;
        Height = height;
        Format = format;
        Stride = stride;
        Pixels = pixels;
    }

    /// <summary>Gets the width in pixels.</summary>
    public int Width { get; }

    /// <summary>Gets the height in pixels.</summary>
    public int Height { get; }

    /// <summary>Gets the layout of one pixel.</summary>
    public PixelFormat Format { get; }

    /// <summary>Gets the number of bytes from the start of one row to the start of the next (at least <c>Width * BytesPerPixel</c>).</summary>
    public int Stride { get; }

    /// <summary>Gets the pixel memory, <see cref="Stride"/> bytes per row (the last row may be shorter).</summary>
    public ReadOnlyMemory<byte> Pixels { get; }

    /// <summary>Gets the number of bytes per pixel of <see cref="Format"/>.</summary>
    public int BytesPerPixel => Format.BytesPerPixel();

    /// <summary>Gets the pixels of one row, exactly <c>Width * BytesPerPixel</c> bytes.</summary>
    /// <param name="y">Row index in [0, Height).</param>
    /// <returns>The row's bytes.</returns>
    public ReadOnlySpan<byte> GetRow(int y)
    {
        if ((uint)y >= (uint)Height)
        {
            throw new ArgumentOutOfRangeException(nameof(y), y, $"The row must be in [0, {Height}).");
        }

        return Pixels.Span.Slice(y * Stride, Width * BytesPerPixel);
    }

    /// <summary>Creates a tightly packed RGB frame that owns a copy of <paramref name="rgb"/>.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="rgb">At least <c>width * height * 3</c> bytes.</param>
    /// <returns>The new frame.</returns>
    public static RawFrame CopyRgb24(int width, int height, ReadOnlySpan<byte> rgb)
    {
        Throw.IfLessThan(width, 1);
        Throw.IfLessThan(height, 1);
        long length = (long)width * height * 3;
        if (rgb.Length < length)
        {
            throw new ArgumentOutOfRangeException(nameof(rgb), rgb.Length, $"A {width}x{height} RGB frame needs {length} bytes.");
        }

        return new RawFrame(width, height, PixelFormat.Rgb24, rgb[..(int)length].ToArray());
    }

    /// <inheritdoc />
    public override string ToString() => $"{Width}x{Height} {Format}";
}
