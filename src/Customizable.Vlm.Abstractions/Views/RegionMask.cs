namespace Customizable.Vlm;

/// <summary>A binary mask over the pixels of a <see cref="PixelRect"/>: which pixels of the box belong to the region.</summary>
/// <remarks>Immutable after construction; the memory is not copied, so keep it unchanged.</remarks>
public sealed class RegionMask
{
    /// <summary>Initializes a new mask.</summary>
    /// <param name="bounds">The box the mask covers, in the pixels of the image the region refers to.</param>
    /// <param name="values">One byte per pixel of the box, row-major; non-zero means inside the region.</param>
    /// <exception cref="ArgumentException">The buffer length is not <c>bounds.Width * bounds.Height</c>.</exception>
    public RegionMask(PixelRect bounds, ReadOnlyMemory<byte> values)
    {
        if (bounds.IsEmpty || values.Length != bounds.Area)
        {
            throw new ArgumentException($"A mask over {bounds.Width}x{bounds.Height} pixels needs exactly {bounds.Area} bytes, got {values.Length}.", nameof(values));
        }

        Bounds = bounds;
        Values = values;
    }

    /// <summary>Gets the box the mask covers, in the pixels of the image the region refers to.</summary>
    public PixelRect Bounds { get; }

    /// <summary>Gets one byte per pixel of <see cref="Bounds"/>, row-major; non-zero means inside.</summary>
    public ReadOnlyMemory<byte> Values { get; }

    /// <summary>Gets whether the image pixel (x, y) is inside the region.</summary>
    /// <param name="x">Column in the image's pixels.</param>
    /// <param name="y">Row in the image's pixels.</param>
    /// <returns>True when inside the box and set in the mask.</returns>
    public bool Contains(int x, int y)
    {
        int dx = x - Bounds.X;
        int dy = y - Bounds.Y;
        return (uint)dx < (uint)Bounds.Width && (uint)dy < (uint)Bounds.Height && Values.Span[(dy * Bounds.Width) + dx] != 0;
    }

    /// <summary>Counts the pixels inside the region.</summary>
    /// <returns>The number of set pixels.</returns>
    public long CountSet()
    {
        long n = 0;
        foreach (byte b in Values.Span)
        {
            if (b != 0)
            {
                n++;
            }
        }

        return n;
    }
}
