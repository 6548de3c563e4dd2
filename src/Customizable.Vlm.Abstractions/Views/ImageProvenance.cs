namespace Customizable.Vlm;

/// <summary>
/// Provenance of a view made from an image by scaling, cropping or padding: an axis-aligned affine map from view pixels to
/// source pixels.
/// </summary>
/// <remarks>
/// In continuous coordinates where pixel (i, j) covers [i, i + 1) x [j, j + 1):
/// <c>sourceX = viewX * ScaleX + OffsetX</c> and <c>sourceY = viewY * ScaleY + OffsetY</c>.
/// Source coordinates are those of the image as displayed (EXIF orientation applied). View areas that map outside the source
/// (letterbox padding) are clipped away.
/// </remarks>
public sealed class ImageProvenance : ViewProvenance
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="sourceWidth">Width of the source image in pixels.</param>
    /// <param name="sourceHeight">Height of the source image in pixels.</param>
    /// <param name="scaleX">Source pixels per view pixel, horizontally (greater than 0).</param>
    /// <param name="scaleY">Source pixels per view pixel, vertically (greater than 0).</param>
    /// <param name="offsetX">Source x of the view's left edge.</param>
    /// <param name="offsetY">Source y of the view's top edge.</param>
    public ImageProvenance(int sourceWidth, int sourceHeight, double scaleX = 1, double scaleY = 1, double offsetX = 0, double offsetY = 0)
    {
        Throw.IfLessThan(sourceWidth, 1);
        Throw.IfLessThan(sourceHeight, 1);
        if (!(scaleX > 0) || !(scaleY > 0) || !double.IsFinite(scaleX) || !double.IsFinite(scaleY) || !double.IsFinite(offsetX) || !double.IsFinite(offsetY))
        {
            throw new ArgumentOutOfRangeException(nameof(scaleX), "Scales must be positive and finite, offsets finite.");
        }

        SourceWidth = sourceWidth;
        SourceHeight = sourceHeight;
        ScaleX = scaleX;
        ScaleY = scaleY;
        OffsetX = offsetX;
        OffsetY = offsetY;
    }

    /// <inheritdoc />
    public override ObservationModality SourceModality => ObservationModality.Image;

    /// <summary>Gets the width of the source image in pixels.</summary>
    public int SourceWidth { get; }

    /// <summary>Gets the height of the source image in pixels.</summary>
    public int SourceHeight { get; }

    /// <summary>Gets the source pixels per view pixel, horizontally.</summary>
    public double ScaleX { get; }

    /// <summary>Gets the source pixels per view pixel, vertically.</summary>
    public double ScaleY { get; }

    /// <summary>Gets the source x of the view's left edge.</summary>
    public double OffsetX { get; }

    /// <summary>Gets the source y of the view's top edge.</summary>
    public double OffsetY { get; }

    /// <summary>Creates the provenance of a view that is the source image itself.</summary>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <returns>The identity mapping.</returns>
    public static ImageProvenance Identity(int width, int height) => new(width, height);

    /// <summary>Returns the provenance of a view derived from this view by another affine map (for example a resize of the view).</summary>
    /// <param name="scaleX">This view's pixels per derived-view pixel, horizontally.</param>
    /// <param name="scaleY">This view's pixels per derived-view pixel, vertically.</param>
    /// <param name="offsetX">This view's x of the derived view's left edge.</param>
    /// <param name="offsetY">This view's y of the derived view's top edge.</param>
    /// <returns>The composed mapping, from the derived view straight to the source.</returns>
    public ImageProvenance Then(double scaleX, double scaleY, double offsetX, double offsetY) =>
        new(SourceWidth, SourceHeight, ScaleX * scaleX, ScaleY * scaleY, (offsetX * ScaleX) + OffsetX, (offsetY * ScaleY) + OffsetY);

    /// <summary>Maps a continuous view coordinate to the source.</summary>
    /// <param name="viewX">View x (pixel i spans [i, i + 1)).</param>
    /// <param name="viewY">View y.</param>
    /// <returns>The source coordinate, not clamped.</returns>
    public (double X, double Y) MapPoint(double viewX, double viewY) => ((viewX * ScaleX) + OffsetX, (viewY * ScaleY) + OffsetY);

    /// <summary>Maps a view box to the smallest box of whole source pixels that contains it, clipped to the source.</summary>
    /// <param name="viewBox">A box in view pixels.</param>
    /// <returns>The box in source pixels (empty when the box lies entirely in padding).</returns>
    public PixelRect MapBox(PixelRect viewBox)
    {
        (double x0, double y0) = MapPoint(viewBox.X, viewBox.Y);
        (double x1, double y1) = MapPoint(viewBox.Right, viewBox.Bottom);
        int left = Math.Clamp((int)Math.Floor(x0 + 1e-9), 0, SourceWidth);
        int top = Math.Clamp((int)Math.Floor(y0 + 1e-9), 0, SourceHeight);
        int right = Math.Clamp((int)Math.Ceiling(x1 - 1e-9), 0, SourceWidth);
        int bottom = Math.Clamp((int)Math.Ceiling(y1 - 1e-9), 0, SourceHeight);
        return right > left && bottom > top ? new PixelRect(left, top, right - left, bottom - top) : default;
    }

    /// <inheritdoc />
    public override SourceLocation MapToSource(PixelRect viewBox, RegionMask? viewMask = null)
    {
        PixelRect box = MapBox(viewBox);
        if (viewMask is null || box.IsEmpty)
        {
            return new ImageRegionLocation(box);
        }

        // Sample the view mask at the centre of every source pixel of the box.
        byte[] values = new byte[box.Area];
        for (int y = 0; y < box.Height; y++)
        {
            int vy = (int)Math.Floor((box.Y + y + 0.5 - OffsetY) / ScaleY);
            for (int x = 0; x < box.Width; x++)
            {
                int vx = (int)Math.Floor((box.X + x + 0.5 - OffsetX) / ScaleX);
                values[(y * box.Width) + x] = viewMask.Contains(vx, vy) ? (byte)1 : (byte)0;
            }
        }

        return new ImageRegionLocation(box, new RegionMask(box, values));
    }
}
