namespace Customizable.Vlm;

/// <summary>A per-pixel anomaly score over one query view.</summary>
/// <remarks>Values are on the verdict's calibrated scale: 0.5 is the decision threshold, larger is more anomalous (not clipped).
/// Immutable by contract: do not write <see cref="Values"/>.</remarks>
public sealed class AnomalyMap
{
    /// <summary>Initializes a new map.</summary>
    /// <param name="width">Width in view pixels.</param>
    /// <param name="height">Height in view pixels.</param>
    /// <param name="values">One value per view pixel, row-major.</param>
    /// <param name="viewIndex">Index of the query view in <see cref="AnomalyPrompt.QueryViews"/>.</param>
    public AnomalyMap(int width, int height, float[] values, int viewIndex = 0)
    {
        Throw.IfLessThan(width, 1);
        Throw.IfLessThan(height, 1);
        Throw.IfNull(values);
        if (values.Length != (long)width * height)
        {
            throw new ArgumentException($"A {width}x{height} map needs {width * height} values, got {values.Length}.", nameof(values));
        }

        Width = width;
        Height = height;
        Values = values;
        ViewIndex = Throw.IfLessThan(viewIndex, 0);
    }

    /// <summary>Gets the width in view pixels.</summary>
    public int Width { get; }

    /// <summary>Gets the height in view pixels.</summary>
    public int Height { get; }

    /// <summary>Gets one value per view pixel, row-major.</summary>
    public float[] Values { get; }

    /// <summary>Gets the index of the query view the map covers.</summary>
    public int ViewIndex { get; }

    /// <summary>Gets the value at a view pixel.</summary>
    /// <param name="x">Column.</param>
    /// <param name="y">Row.</param>
    /// <returns>The calibrated anomaly value.</returns>
    public float this[int x, int y] => Values[(y * Width) + x];
}
