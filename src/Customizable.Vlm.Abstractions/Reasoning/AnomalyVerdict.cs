namespace Customizable.Vlm;

/// <summary>The answer of an <see cref="IAnomalyReasoner"/>: is it anomalous, how much, where, and why.</summary>
/// <remarks>A mutable result object (like a chat response); reasoners fill it once and hand it over.</remarks>
public sealed class AnomalyVerdict
{
    /// <summary>Gets or sets whether the query is anomalous, or null when unknown (an unreadable model answer; never a guess).</summary>
    public bool? IsAnomalous { get; set; }

    /// <summary>Gets or sets the continuous anomaly score in [0, 1]; 0.5 is the decision threshold (score &gt;= 0.5 means anomalous).
    /// Scores rank queries, so AUROC over scores is meaningful. What the score measures depends on the reasoner (see its docs).</summary>
    public double Score { get; set; } = 0.5;

    /// <summary>Gets or sets the human-readable explanation.</summary>
    public string Reasoning { get; set; } = string.Empty;

    /// <summary>Gets or sets the located findings; empty when nothing was located.</summary>
    public IList<AnomalyRegion> Regions { get; set; } = [];

    /// <summary>Gets or sets the defect type, or null.</summary>
    public string? DefectType { get; set; }

    /// <summary>Gets or sets where the decision came from and how much of the answer could be read.</summary>
    public VerdictStatus Status { get; set; } = VerdictStatus.Measured;

    /// <summary>Gets or sets the per-pixel anomaly maps of the query views, or empty when the reasoner produces none.</summary>
    public IList<AnomalyMap> AnomalyMaps { get; set; } = [];

    /// <summary>Gets or sets the score in [0, 1] of each query view, in the order of <see cref="AnomalyPrompt.QueryViews"/>, or empty
    /// when the reasoner does not score views separately. The inspector uses them to follow a video over time
    /// (<see cref="FrameScores"/>).</summary>
    public IList<double> ViewScores { get; set; } = [];

    /// <summary>Gets or sets, for a video, the score of every inspected frame in time order (raw and smoothed over neighbouring
    /// frames), for plotting; empty for other observations.</summary>
    public IList<FrameScore> FrameScores { get; set; } = [];

    /// <summary>Gets or sets, for a point cloud, one anomaly score in [0, 1] per point of the inspected cloud (in the cloud's point
    /// order: <c>PointCloud.Positions</c> for a file, the caller's array for <c>PointCloudObservation.FromPoints</c>), or null for other
    /// observations and for reasoners that produce no anomaly maps. A point's score is the largest calibrated map value (clamped to
    /// [0, 1]; 0.5 is the threshold) over the view pixels the point won in the z-test of any view and the pixels it lies on where it
    /// is on the visible surface (within a small depth tolerance of the pixel's winner); a point seen in no view (hidden behind other
    /// surfaces in every view) scores 0. Set by the inspector.</summary>
    public float[]? PointScores { get; set; }

    /// <summary>Gets or sets the model's raw answer text, kept verbatim, or null for non-generative reasoners.</summary>
    public string? RawText { get; set; }

    /// <summary>Gets or sets the id of the model or method that produced the verdict.</summary>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets the reasoner's underlying result object, or null.</summary>
    public object? RawRepresentation { get; set; }

    /// <summary>Gets or sets reasoner-specific properties (e.g. raw distance, calibration constants).</summary>
    public IDictionary<string, object?>? AdditionalProperties { get; set; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{(IsAnomalous switch { true => "ANOMALOUS", false => "normal", null => "unknown" })} score={Score:0.000} ({Status}): {Reasoning}";
}
