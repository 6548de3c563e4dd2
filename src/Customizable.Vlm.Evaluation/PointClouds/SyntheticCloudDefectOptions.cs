namespace Customizable.Vlm.Evaluation.PointClouds;

/// <summary>Sizes of the defects and of the scanner-like variation of <see cref="SyntheticCloudDefects"/>. Lengths are fractions
/// of the source cloud's scale, the diagonal of its axis-aligned bounding box.</summary>
/// <remarks>A mutable options object: do not change it while a generator uses it.</remarks>
public sealed class SyntheticCloudDefectOptions
{
    /// <summary>Gets or sets the radius of a dent, bump or hole patch, as a fraction of the scale (default 0.08).</summary>
    public double PatchRadius { get; set; } = 0.08;

    /// <summary>Gets or sets the depth of a dent or height of a bump at its centre, as a fraction of the scale (default 0.03).</summary>
    public double Depth { get; set; } = 0.03;

    /// <summary>Gets or sets the width of a cut's slab, as a fraction of the scale (default 0.012); the cut is 2 x
    /// <see cref="PatchRadius"/> long.</summary>
    public double CutWidth { get; set; } = 0.012;

    /// <summary>Gets or sets the radius of a debris cluster, as a fraction of the scale (default 0.025).</summary>
    public double DebrisRadius { get; set; } = 0.025;

    /// <summary>Gets or sets the width of the labelled rim around a hole or cut, as a fraction of the scale (default 0.015).</summary>
    public double RimWidth { get; set; } = 0.015;

    /// <summary>Gets or sets the standard deviation of the Gaussian noise added to every coordinate, as a fraction of the scale
    /// (default 0.001).</summary>
    public double Noise { get; set; } = 0.001;

    /// <summary>Gets or sets the fraction in [0, 1) of points each variant drops at random (resampling; default 0.1).</summary>
    public double DropFraction { get; set; } = 0.1;

    /// <summary>Gets or sets the largest rotation of a variant's pose about a random axis through the centroid, in degrees (default 3).</summary>
    public double MaxRotationDegrees { get; set; } = 3;

    /// <summary>Gets or sets the largest translation of a variant's pose, as a fraction of the scale (default 0.01).</summary>
    public double MaxTranslation { get; set; } = 0.01;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PatchRadius);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Depth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(CutWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(DebrisRadius);
        ArgumentOutOfRangeException.ThrowIfNegative(RimWidth);
        ArgumentOutOfRangeException.ThrowIfNegative(Noise);
        ArgumentOutOfRangeException.ThrowIfNegative(DropFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(DropFraction, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRotationDegrees);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxTranslation);
    }
}
