using System.Buffers;
using System.Numerics.Tensors;

namespace Customizable.Vlm.Anomaly;

/// <summary>
/// Bilinear upsampling of a small grid followed by Gaussian smoothing, computed as one separable linear operator: the same
/// result as <see cref="MapResampler.Resample"/> (pixel-centre aligned, <c>scale = grid / size</c>) followed by
/// <see cref="GaussianBlur.Apply"/>, up to float rounding, at a fraction of the cost.
/// </summary>
/// <remarks>
/// <para>Both steps are linear and separable, so per axis they compose into one matrix (output size x grid size) whose rows are
/// non-zero only over the few grid cells within the blur's reach. <see cref="Apply"/> multiplies the grid by the horizontal
/// matrix (one SIMD multiply-add of a whole output row per grid cell) and the result by the banded vertical one.</para>
/// <para>Immutable and thread-safe; <see cref="Apply"/> rents its only scratch buffer from <see cref="ArrayPool{T}.Shared"/>.</para>
/// </remarks>
internal sealed class SmoothUpsampler
{
    private readonly float[] _horizontal;
    private readonly float[] _vertical;
    private readonly int[] _firstRow;
    private readonly int[] _lastRow;

    /// <summary>Builds the operator.</summary>
    /// <param name="gridWidth">Grid width in cells, at least 1.</param>
    /// <param name="gridHeight">Grid height in cells, at least 1.</param>
    /// <param name="width">Output width in pixels, at least 1.</param>
    /// <param name="height">Output height in pixels, at least 1.</param>
    /// <param name="sigma">Gaussian standard deviation in output pixels; 0 upsamples only.</param>
    public SmoothUpsampler(int gridWidth, int gridHeight, int width, int height, double sigma)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gridWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(gridHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (!(sigma >= 0) || !double.IsFinite(sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "Must be finite and non-negative.");
        }

        GridWidth = gridWidth;
        GridHeight = gridHeight;
        Width = width;
        Height = height;
        Sigma = sigma;

        // Row j of the horizontal matrix is grid column j (a unit impulse) upsampled and smoothed along x.
        _horizontal = Axis(gridWidth, width, sigma);
        float[] vertical = Axis(gridHeight, height, sigma);

        // Transposed to output-row-major, with the range of grid rows that reach each output row.
        _vertical = new float[height * gridHeight];
        _firstRow = new int[height];
        _lastRow = new int[height];
        for (int y = 0; y < height; y++)
        {
            _firstRow[y] = gridHeight;
            _lastRow[y] = -1;
            for (int r = 0; r < gridHeight; r++)
            {
                float w = vertical[(r * height) + y];
                _vertical[(y * gridHeight) + r] = w;
                if (w != 0)
                {
                    _firstRow[y] = Math.Min(_firstRow[y], r);
                    _lastRow[y] = r;
                }
            }
        }
    }

    /// <summary>Gets the grid width in cells.</summary>
    public int GridWidth { get; }

    /// <summary>Gets the grid height in cells.</summary>
    public int GridHeight { get; }

    /// <summary>Gets the output width in pixels.</summary>
    public int Width { get; }

    /// <summary>Gets the output height in pixels.</summary>
    public int Height { get; }

    /// <summary>Gets the Gaussian standard deviation in output pixels.</summary>
    public double Sigma { get; }

    /// <summary>Upsamples and smooths <paramref name="grid"/> into <paramref name="map"/>.</summary>
    /// <param name="grid">Row-major grid values, <c>GridWidth * GridHeight</c>.</param>
    /// <param name="map">Receives the row-major output, <c>Width * Height</c> values.</param>
    public void Apply(ReadOnlySpan<float> grid, Span<float> map)
    {
        if (grid.Length < GridWidth * GridHeight || map.Length < Width * Height)
        {
            throw new ArgumentException($"Expected a grid of {GridWidth * GridHeight} and a map of {Width * Height} values.");
        }

        float[] rented = ArrayPool<float>.Shared.Rent(GridHeight * Width);
        try
        {
            // Each grid row, spread along x: a sum of the horizontal matrix's rows weighted by the row's cells.
            Span<float> rows = rented.AsSpan(0, GridHeight * Width);
            for (int r = 0; r < GridHeight; r++)
            {
                Span<float> target = rows.Slice(r * Width, Width);
                target.Clear();
                for (int j = 0; j < GridWidth; j++)
                {
                    TensorPrimitives.MultiplyAdd(_horizontal.AsSpan(j * Width, Width), grid[(r * GridWidth) + j], target, target);
                }
            }

            // Each output row: the few spread grid rows within reach, weighted by the vertical matrix.
            for (int y = 0; y < Height; y++)
            {
                Span<float> target = map.Slice(y * Width, Width);
                target.Clear();
                for (int r = _firstRow[y]; r <= _lastRow[y]; r++)
                {
                    TensorPrimitives.MultiplyAdd(rows.Slice(r * Width, Width), _vertical[(y * GridHeight) + r], target, target);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>[grid, size]: row j is the unit impulse at cell j, resampled to <paramref name="size"/> and smoothed.</summary>
    private static float[] Axis(int grid, int size, double sigma)
    {
        float[] result = new float[grid * size];
        float[] impulse = new float[grid];
        for (int j = 0; j < grid; j++)
        {
            Array.Clear(impulse);
            impulse[j] = 1;
            Span<float> row = result.AsSpan(j * size, size);
            MapResampler.Resample(impulse, grid, 1, row, size, 1, (double)grid / size, 1);
            GaussianBlur.Apply(row, size, 1, sigma);
        }

        return result;
    }
}
