namespace Customizable.Vlm.Orleans;

/// <summary>A located finding of a cluster verdict: a box in pixels of the inspected image (origin top-left, x to the right, y down)
/// and how many of its pixels the region's mask covers.</summary>
/// <remarks>Serialized by Orleans; a plain data object (not thread-safe for writes, safe to share once filled).</remarks>
[GenerateSerializer]
public sealed class InspectionRegion
{
    /// <summary>Gets or sets the index of the view the region was found in (0 for a single image).</summary>
    [Id(0)]
    public int ViewIndex { get; set; }

    /// <summary>Gets or sets the left edge of the box, in pixels of the view.</summary>
    [Id(1)]
    public int X { get; set; }

    /// <summary>Gets or sets the top edge of the box, in pixels of the view.</summary>
    [Id(2)]
    public int Y { get; set; }

    /// <summary>Gets or sets the width of the box, in pixels.</summary>
    [Id(3)]
    public int Width { get; set; }

    /// <summary>Gets or sets the height of the box, in pixels.</summary>
    [Id(4)]
    public int Height { get; set; }

    /// <summary>Gets or sets the number of pixels of the box the region's mask covers (the box's area when the region has no mask).</summary>
    [Id(5)]
    public long PixelCount { get; set; }

    /// <summary>Gets or sets the region's own score in [0, 1], or null when the reasoner gives none.</summary>
    [Id(6)]
    public double? Score { get; set; }

    /// <summary>Gets or sets the region's share of the view's area, in [0, 1], or null.</summary>
    [Id(7)]
    public double? AreaFraction { get; set; }

    /// <summary>Gets or sets a short description of the region, or null.</summary>
    [Id(8)]
    public string? Description { get; set; }

    /// <summary>Gets or sets the defect type the reasoner named, or null.</summary>
    [Id(9)]
    public string? DefectType { get; set; }

    internal static InspectionRegion From(AnomalyRegion region) => new()
    {
        ViewIndex = region.ViewIndex,
        X = region.Box.X,
        Y = region.Box.Y,
        Width = region.Box.Width,
        Height = region.Box.Height,
        PixelCount = region.Mask?.CountSet() ?? region.Box.Area,
        Score = region.Score,
        AreaFraction = region.AreaFraction,
        Description = region.Description,
        DefectType = region.DefectType,
    };
}
