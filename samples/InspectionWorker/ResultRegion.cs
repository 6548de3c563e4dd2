namespace InspectionWorker;

/// <summary>A located region in a result line: a box in pixels of the inspected image (origin top-left, x right, y down).</summary>
/// <param name="X">Left edge, pixels.</param>
/// <param name="Y">Top edge, pixels.</param>
/// <param name="Width">Width, pixels.</param>
/// <param name="Height">Height, pixels.</param>
/// <param name="Score">The region's anomaly score in [0, 1], or null when the reasoner gives none.</param>
public sealed record ResultRegion(int X, int Y, int Width, int Height, double? Score);
