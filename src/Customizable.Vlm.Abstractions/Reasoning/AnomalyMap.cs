namespace Customizable.Vlm;

/// <summary>A per-pixel anomaly score over one query view.</summary>
/// <remarks>
/// <para>Values are on the verdict's calibrated scale: 0.5 is the decision threshold, larger is more anomalous (not clipped).</para>
/// <para>A map may be computed on a coarser grid than the view (a reasoner's own resolution, for example the 224 x 224 input of a
/// CNN). <see cref="GridValues"/> holds those values and <see cref="GridToView"/> maps grid pixels to view pixels; the per-view-pixel
/// <see cref="Values"/> are then bilinear samples of the grid at view pixel centres, computed on first access and kept (a 4000 x
/// 3000 view costs 48 MB, so read the grid when it is enough). For a map built from per-view-pixel values both are the same array.</para>
/// <para>Immutable by contract: do not write <see cref="Values"/> or <see cref="GridValues"/>. Thread-safe: concurrent first
/// accesses of <see cref="Values"/> may compute it more than once, and all callers then see one array.</para>
/// </remarks>
public sealed class AnomalyMap
{
    private float[]? _values;

    /// <summary>Initializes a new map with one value per view pixel.</summary>
    /// <param name="width">Width in view pixels.</param>
    /// <param name="height">Height in view pixels.</param>
    /// <param name="values">One value per view pixel, row-major.</param>
    /// <param name="viewIndex">Index of the query view in <see cref="AnomalyPrompt.QueryViews"/>.</param>
    public AnomalyMap(int width, int height, float[] values, int viewIndex = 0)
        : this(values, width, height, ImageProvenance.Identity(Throw.IfLessThan(width, 1), Throw.IfLessThan(height, 1)), viewIndex)
    {
        _values = values;
    }

    /// <summary>Initializes a new map computed on a grid that covers the view through an affine map.</summary>
    /// <param name="gridValues">One value per grid pixel, row-major.</param>
    /// <param name="gridWidth">Grid width in pixels.</param>
    /// <param name="gridHeight">Grid height in pixels.</param>
    /// <param name="gridToView">Maps grid pixels to view pixels (<see cref="ImageProvenance.SourceWidth"/> and
    /// <see cref="ImageProvenance.SourceHeight"/> are the view's size). Grid areas outside the view (letterbox padding) are
    /// never sampled.</param>
    /// <param name="viewIndex">Index of the query view in <see cref="AnomalyPrompt.QueryViews"/>.</param>
    public AnomalyMap(float[] gridValues, int gridWidth, int gridHeight, ImageProvenance gridToView, int viewIndex = 0)
    {
        Throw.IfNull(gridValues);
        Throw.IfNull(gridToView);
        Throw.IfLessThan(gridWidth, 1);
        Throw.IfLessThan(gridHeight, 1);
        if (gridValues.Length != (long)gridWidth * gridHeight)
        {
            throw new ArgumentException($"A {gridWidth}x{gridHeight} map needs {(long)gridWidth * gridHeight} values, got {gridValues.Length}.", nameof(gridValues));
        }

        Width = gridToView.SourceWidth;
        Height = gridToView.SourceHeight;
        GridValues = gridValues;
        GridWidth = gridWidth;
        GridHeight = gridHeight;
        GridToView = gridToView;
        ViewIndex = Throw.IfLessThan(viewIndex, 0);
    }

    /// <summary>Gets the width in view pixels.</summary>
    public int Width { get; }

    /// <summary>Gets the height in view pixels.</summary>
    public int Height { get; }

    /// <summary>Gets one value per view pixel, row-major (computed from the grid on first access when the map has a coarser grid).</summary>
    public float[] Values
    {
        get
        {
            float[]? values = Volatile.Read(ref _values);
            if (values is null)
            {
                values = Upsample();
                values = Interlocked.CompareExchange(ref _values, values, null) ?? values;
            }

            return values;
        }
    }

    /// <summary>Gets the width of the grid the map was computed on, in grid pixels.</summary>
    public int GridWidth { get; }

    /// <summary>Gets the height of the grid the map was computed on, in grid pixels.</summary>
    public int GridHeight { get; }

    /// <summary>Gets one value per grid pixel, row-major.</summary>
    public float[] GridValues { get; }

    /// <summary>Gets the map from grid pixels to view pixels (identity when the map has one value per view pixel).</summary>
    public ImageProvenance GridToView { get; }

    /// <summary>Gets the index of the query view the map covers.</summary>
    public int ViewIndex { get; }

    /// <summary>Gets the value at a view pixel (sampled from the grid without computing <see cref="Values"/>).</summary>
    /// <param name="x">Column in [0, <see cref="Width"/>).</param>
    /// <param name="y">Row in [0, <see cref="Height"/>).</param>
    /// <returns>The calibrated anomaly value.</returns>
    public float this[int x, int y]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)x, (uint)Width, nameof(x));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)y, (uint)Height, nameof(y));
            float[]? values = Volatile.Read(ref _values);
            if (values is not null)
            {
                return values[(y * Width) + x];
            }

            (int x0, int x1, float fx) = GridX(x);
            (int y0, int y1, float fy) = GridY(y);
            return Blend(GridValues.AsSpan(y0 * GridWidth, GridWidth), GridValues.AsSpan(y1 * GridWidth, GridWidth), x0, x1, fx, fy);
        }
    }

    private static float Blend(ReadOnlySpan<float> top, ReadOnlySpan<float> bottom, int x0, int x1, float fx, float fy)
    {
        float a = top[x0] + ((top[x1] - top[x0]) * fx);
        float b = bottom[x0] + ((bottom[x1] - bottom[x0]) * fx);
        return a + ((b - a) * fy);
    }

    /// <summary>Grid columns and weight of the bilinear sample at the centre of view column <paramref name="x"/> (clamped).</summary>
    private (int X0, int X1, float Fraction) GridX(int x) => Axis(x, 1 / GridToView.ScaleX, -GridToView.OffsetX / GridToView.ScaleX, GridWidth);

    private (int Y0, int Y1, float Fraction) GridY(int y) => Axis(y, 1 / GridToView.ScaleY, -GridToView.OffsetY / GridToView.ScaleY, GridHeight);

    /// <summary>View pixel centre <c>index + 0.5</c> in grid pixels (grid pixels per view pixel <paramref name="scale"/>, grid
    /// position of the view's edge <paramref name="offset"/>), as the two grid samples around it and the weight of the second.</summary>
    private static (int, int, float) Axis(int index, double scale, double offset, int size)
    {
        double p = Math.Clamp(((index + 0.5) * scale) + offset - 0.5, 0, size - 1);
        int i0 = Math.Min((int)p, size - 1);
        return (i0, Math.Min(i0 + 1, size - 1), (float)(p - i0));
    }

    private float[] Upsample()
    {
        float[] values = new float[(long)Width * Height];
        var columns = new (int X0, int X1, float Fraction)[Width];
        for (int x = 0; x < Width; x++)
        {
            columns[x] = GridX(x);
        }

        for (int y = 0; y < Height; y++)
        {
            (int y0, int y1, float fy) = GridY(y);
            ReadOnlySpan<float> top = GridValues.AsSpan(y0 * GridWidth, GridWidth), bottom = GridValues.AsSpan(y1 * GridWidth, GridWidth);
            Span<float> row = values.AsSpan(y * Width, Width);
            for (int x = 0; x < row.Length; x++)
            {
                (int x0, int x1, float fx) = columns[x];
                row[x] = Blend(top, bottom, x0, x1, fx, fy);
            }
        }

        return values;
    }
}
