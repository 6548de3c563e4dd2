namespace Customizable.Vlm;

/// <summary>A located finding: where in a query view, and where in the source observation.</summary>
public sealed class AnomalyRegion
{
    /// <summary>Initializes a new region.</summary>
    /// <param name="viewIndex">Index of the query view in <see cref="AnomalyPrompt.QueryViews"/>.</param>
    /// <param name="box">The bounding box in that view's pixels.</param>
    public AnomalyRegion(int viewIndex, PixelRect box)
    {
        ViewIndex = Throw.IfLessThan(viewIndex, 0);
        Box = box;
    }

    /// <summary>Gets the index of the query view the region was found in.</summary>
    public int ViewIndex { get; }

    /// <summary>Gets the bounding box in the view's pixels.</summary>
    public PixelRect Box { get; }

    /// <summary>Gets or sets the region's mask in the view's pixels, or null when only the box is known.</summary>
    public RegionMask? Mask { get; set; }

    /// <summary>Gets or sets the region's calibrated score (peak of the anomaly map inside it; 0.5 = threshold), or null.</summary>
    public double? Score { get; set; }

    /// <summary>Gets or sets the region's area as a fraction in [0, 1] of the view's object area, or null.</summary>
    public double? AreaFraction { get; set; }

    /// <summary>Gets or sets where the region lies in the source observation (image pixels, point indices, time span), or null.</summary>
    public SourceLocation? SourceLocation { get; set; }

    /// <summary>Gets or sets a short description (e.g. "upper-left, 2.1% of the part, 3.4x the largest normal distance").</summary>
    public string? Description { get; set; }

    /// <summary>Gets or sets a defect type for this region, or null.</summary>
    public string? DefectType { get; set; }

    /// <inheritdoc />
    public override string ToString() => Description ?? $"view {ViewIndex} box {Box}";
}
