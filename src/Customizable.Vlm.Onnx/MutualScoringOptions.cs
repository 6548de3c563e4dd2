namespace Customizable.Vlm.Onnx;

/// <summary>Options of <see cref="FeatureReasoner.ScoreMutuallyAsync"/>: scoring a batch of unlabelled parts against each other when no
/// known-good reference exists.</summary>
/// <remarks>Not thread-safe while being changed; the scorer copies the values it reads at the start of a call.</remarks>
public sealed class MutualScoringOptions
{
    /// <summary>Gets or sets how many other images each image is compared with (evenly spread over the batch); 0 compares with every
    /// other image. Default 64 (measured better than 16 or 32 on tire and magnetic_tile, see docs/accuracy.md): the cost grows with the batch size times this number, not with the batch size squared.</summary>
    public int MaxComparisons { get; set; } = 64;

    /// <summary>Gets or sets the fraction of the compared images whose nearest-patch distances are averaged for each patch, smallest
    /// first (default 0.3). A defect seen on fewer than this fraction of the parts finds no close match and scores high; a pattern
    /// common to more parts counts as normal.</summary>
    public double NeighbourFraction { get; set; } = 0.3;

    /// <summary>Gets or sets the outlier threshold in robust standard deviations (median absolute deviation × 1.4826) above the
    /// batch's median image score (default 3.5). Scores are mapped so that this threshold is 0.5.</summary>
    public double OutlierThreshold { get; set; } = 3.5;

    internal MutualScoringOptions Clone() => (MutualScoringOptions)MemberwiseClone();

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxComparisons, nameof(MaxComparisons));
        if (!(NeighbourFraction > 0 && NeighbourFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(NeighbourFraction), NeighbourFraction, "Must be in (0, 1].");
        }

        if (!double.IsFinite(OutlierThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(OutlierThreshold), OutlierThreshold, "Must be finite.");
        }
    }
}
