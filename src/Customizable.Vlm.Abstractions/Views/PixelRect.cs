namespace Customizable.Vlm;

/// <summary>An axis-aligned rectangle of whole pixels: columns [X, X + Width), rows [Y, Y + Height) of the image it refers to.</summary>
/// <param name="X">Left column, in pixels.</param>
/// <param name="Y">Top row, in pixels.</param>
/// <param name="Width">Width in pixels (0 for an empty rectangle).</param>
/// <param name="Height">Height in pixels (0 for an empty rectangle).</param>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    /// <summary>Gets the column just right of the rectangle.</summary>
    public int Right => X + Width;

    /// <summary>Gets the row just below the rectangle.</summary>
    public int Bottom => Y + Height;

    /// <summary>Gets the number of pixels covered.</summary>
    public long Area => (long)Math.Max(0, Width) * Math.Max(0, Height);

    /// <summary>Gets whether the rectangle covers no pixel.</summary>
    public bool IsEmpty => Width <= 0 || Height <= 0;

    /// <summary>Returns the overlap of two rectangles (empty when they do not overlap).</summary>
    /// <param name="other">The other rectangle, in the same image.</param>
    /// <returns>The intersection.</returns>
    public PixelRect Intersect(PixelRect other)
    {
        int x = Math.Max(X, other.X);
        int y = Math.Max(Y, other.Y);
        int r = Math.Min(Right, other.Right);
        int b = Math.Min(Bottom, other.Bottom);
        return r > x && b > y ? new PixelRect(x, y, r - x, b - y) : default;
    }

    /// <summary>Returns the intersection over union of two rectangles, in [0, 1].</summary>
    /// <param name="other">The other rectangle, in the same image.</param>
    /// <returns>0 when disjoint, 1 when identical.</returns>
    public double IntersectionOverUnion(PixelRect other)
    {
        long inter = Intersect(other).Area;
        long union = Area + other.Area - inter;
        return union == 0 ? 0 : (double)inter / union;
    }
}
