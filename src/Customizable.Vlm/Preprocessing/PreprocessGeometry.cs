namespace Customizable.Vlm.Preprocessing;

/// <summary>
/// How the pixels of a tensor produced by a <see cref="TensorPreprocessor"/> map to the pixels of a source image of a given size.
/// </summary>
/// <remarks>
/// <para>Coordinates are continuous pixel coordinates where integer values are pixel centres: tensor pixel <c>(tx, ty)</c> is the
/// pixel in column <c>tx</c>, row <c>ty</c> of every plane; source pixel <c>(sx, sy)</c> is the source frame's pixel in column
/// <c>sx</c>, row <c>sy</c>.</para>
/// <para>Exact mapping, per axis (the resampler evaluates the filter at exactly this source position):</para>
/// <code>
/// sourceX = (tensorX + 0.5) * ScaleX + OffsetX - 0.5
/// sourceY = (tensorY + 0.5) * ScaleY + OffsetY - 0.5
/// tensorX = (sourceX + 0.5 - OffsetX) / ScaleX - 0.5
/// tensorY = (sourceY + 0.5 - OffsetY) / ScaleY - 0.5
/// </code>
/// <para>Equivalently, the tensor pixel's square <c>[tx, tx + 1)</c> (edges, not centres) covers the source interval
/// <c>[tx * ScaleX + OffsetX, (tx + 1) * ScaleX + OffsetX)</c>.</para>
/// <para>Per mode: <see cref="TensorResizeMode.Stretch"/>: <c>ScaleX = SourceWidth / TensorWidth</c>, <c>OffsetX = 0</c>.
/// <see cref="TensorResizeMode.ShorterSideThenCenterCrop"/>: <c>ScaleX = SourceWidth / ResizedWidth</c>,
/// <c>OffsetX = cropX * ScaleX</c> with <c>cropX = (ResizedWidth - TensorWidth) / 2</c> (integer division).
/// <see cref="TensorResizeMode.Letterbox"/>: <c>ScaleX = SourceWidth / ContentWidth</c>, <c>OffsetX = -ContentX * ScaleX</c>.
/// The same holds for Y.</para>
/// <para>Only tensor pixels inside the content rectangle (<see cref="ContentX"/>, <see cref="ContentY"/>, <see cref="ContentWidth"/>,
/// <see cref="ContentHeight"/>) carry image data; for <see cref="TensorResizeMode.Letterbox"/> the others are padding. For the other
/// modes the content rectangle is the whole tensor.</para>
/// </remarks>
public readonly record struct PreprocessGeometry
{
    internal PreprocessGeometry(
        int sourceWidth, int sourceHeight, int tensorWidth, int tensorHeight, int resizedWidth, int resizedHeight,
        double scaleX, double scaleY, double offsetX, double offsetY, int contentX, int contentY, int contentWidth, int contentHeight)
    {
        SourceWidth = sourceWidth;
        SourceHeight = sourceHeight;
        TensorWidth = tensorWidth;
        TensorHeight = tensorHeight;
        ResizedWidth = resizedWidth;
        ResizedHeight = resizedHeight;
        ScaleX = scaleX;
        ScaleY = scaleY;
        OffsetX = offsetX;
        OffsetY = offsetY;
        ContentX = contentX;
        ContentY = contentY;
        ContentWidth = contentWidth;
        ContentHeight = contentHeight;
    }

    /// <summary>Gets the source image width in pixels.</summary>
    public int SourceWidth { get; }

    /// <summary>Gets the source image height in pixels.</summary>
    public int SourceHeight { get; }

    /// <summary>Gets the tensor width W in pixels.</summary>
    public int TensorWidth { get; }

    /// <summary>Gets the tensor height H in pixels.</summary>
    public int TensorHeight { get; }

    /// <summary>Gets the width in pixels of the whole (virtual) resized image: the target width for stretch, the pre-crop width for
    /// centre crop, the content width for letterbox. It is never materialised.</summary>
    public int ResizedWidth { get; }

    /// <summary>Gets the height in pixels of the whole (virtual) resized image; see <see cref="ResizedWidth"/>.</summary>
    public int ResizedHeight { get; }

    /// <summary>Gets the horizontal scale: source pixels per tensor pixel (greater than 1 when downscaling).</summary>
    public double ScaleX { get; }

    /// <summary>Gets the vertical scale: source pixels per tensor pixel (greater than 1 when downscaling).</summary>
    public double ScaleY { get; }

    /// <summary>Gets the horizontal offset in source pixels (positive for a crop, negative for letterbox padding).</summary>
    public double OffsetX { get; }

    /// <summary>Gets the vertical offset in source pixels (positive for a crop, negative for letterbox padding).</summary>
    public double OffsetY { get; }

    /// <summary>Gets the first tensor column that carries image data.</summary>
    public int ContentX { get; }

    /// <summary>Gets the first tensor row that carries image data.</summary>
    public int ContentY { get; }

    /// <summary>Gets the number of tensor columns that carry image data, starting at <see cref="ContentX"/>.</summary>
    public int ContentWidth { get; }

    /// <summary>Gets the number of tensor rows that carry image data, starting at <see cref="ContentY"/>.</summary>
    public int ContentHeight { get; }

    /// <summary>Maps a tensor column (continuous, pixel centres at integers) to a source column.</summary>
    /// <param name="tensorX">The tensor x coordinate in tensor pixels.</param>
    /// <returns><c>(tensorX + 0.5) * ScaleX + OffsetX - 0.5</c>, in source pixels.</returns>
    public double TensorToSourceX(double tensorX) => ((tensorX + 0.5) * ScaleX) + OffsetX - 0.5;

    /// <summary>Maps a tensor row (continuous, pixel centres at integers) to a source row.</summary>
    /// <param name="tensorY">The tensor y coordinate in tensor pixels.</param>
    /// <returns><c>(tensorY + 0.5) * ScaleY + OffsetY - 0.5</c>, in source pixels.</returns>
    public double TensorToSourceY(double tensorY) => ((tensorY + 0.5) * ScaleY) + OffsetY - 0.5;

    /// <summary>Maps a source column (continuous, pixel centres at integers) to a tensor column; the inverse of <see cref="TensorToSourceX"/>.</summary>
    /// <param name="sourceX">The source x coordinate in source pixels.</param>
    /// <returns><c>(sourceX + 0.5 - OffsetX) / ScaleX - 0.5</c>, in tensor pixels (may lie outside the tensor).</returns>
    public double SourceToTensorX(double sourceX) => ((sourceX + 0.5 - OffsetX) / ScaleX) - 0.5;

    /// <summary>Maps a source row (continuous, pixel centres at integers) to a tensor row; the inverse of <see cref="TensorToSourceY"/>.</summary>
    /// <param name="sourceY">The source y coordinate in source pixels.</param>
    /// <returns><c>(sourceY + 0.5 - OffsetY) / ScaleY - 0.5</c>, in tensor pixels (may lie outside the tensor).</returns>
    public double SourceToTensorY(double sourceY) => ((sourceY + 0.5 - OffsetY) / ScaleY) - 0.5;

    /// <summary>Tells whether a tensor pixel carries image data (lies inside the content rectangle) rather than padding.</summary>
    /// <param name="tensorX">The tensor column.</param>
    /// <param name="tensorY">The tensor row.</param>
    /// <returns><see langword="true"/> inside the content rectangle.</returns>
    public bool IsContent(int tensorX, int tensorY) =>
        tensorX >= ContentX && tensorX < ContentX + ContentWidth && tensorY >= ContentY && tensorY < ContentY + ContentHeight;

    internal static PreprocessGeometry Compute(TensorPreprocessorOptions options, int sourceWidth, int sourceHeight)
    {
        int tw = options.TargetWidth;
        int th = options.TargetHeight;
        switch (options.ResizeMode)
        {
            case TensorResizeMode.ShorterSideThenCenterCrop:
            {
                int side = options.ResizeShorterSide;
                int rw, rh;
                if (sourceWidth <= sourceHeight)
                {
                    rw = side;
                    rh = (int)Math.Max(side, (long)side * sourceHeight / sourceWidth);
                }
                else
                {
                    rh = side;
                    rw = (int)Math.Max(side, (long)side * sourceWidth / sourceHeight);
                }

                int cropX = (rw - tw) / 2;
                int cropY = (rh - th) / 2;
                double sx = (double)sourceWidth / rw;
                double sy = (double)sourceHeight / rh;
                return new PreprocessGeometry(sourceWidth, sourceHeight, tw, th, rw, rh, sx, sy, cropX * sx, cropY * sy, 0, 0, tw, th);
            }

            case TensorResizeMode.Letterbox:
            {
                int cw, ch;
                if ((long)tw * sourceHeight <= (long)th * sourceWidth)
                {
                    // Width is the limiting side.
                    cw = tw;
                    ch = (int)Math.Clamp(Math.Round((double)sourceHeight * tw / sourceWidth, MidpointRounding.AwayFromZero), 1, th);
                }
                else
                {
                    ch = th;
                    cw = (int)Math.Clamp(Math.Round((double)sourceWidth * th / sourceHeight, MidpointRounding.AwayFromZero), 1, tw);
                }

                int padX = (tw - cw) / 2;
                int padY = (th - ch) / 2;
                double sx = (double)sourceWidth / cw;
                double sy = (double)sourceHeight / ch;
                return new PreprocessGeometry(sourceWidth, sourceHeight, tw, th, cw, ch, sx, sy, -padX * sx, -padY * sy, padX, padY, cw, ch);
            }

            default:
            {
                double sx = (double)sourceWidth / tw;
                double sy = (double)sourceHeight / th;
                return new PreprocessGeometry(sourceWidth, sourceHeight, tw, th, tw, th, sx, sy, 0, 0, 0, 0, tw, th);
            }
        }
    }
}
