namespace Customizable.Vlm.Evaluation;

/// <summary>Options of an <see cref="EvaluationRunner"/>.</summary>
/// <remarks>A mutable options class: configure it, then hand it over (the runner keeps a validated copy).</remarks>
public sealed class EvaluationOptions
{
    /// <summary>Gets or sets how many normal training images to customize from (at least 1), or null for all of them. The images
    /// are drawn reproducibly from <see cref="Seed"/> (see <see cref="EvaluationRunner.SelectReferences"/>).</summary>
    public int? Shots { get; set; }

    /// <summary>Gets or sets the seed that chooses the references; the same seed, shots and dataset always give the same references
    /// on every machine and runtime.</summary>
    public int Seed { get; set; }

    /// <summary>Gets or sets the reasoner's name as written to <c>metrics.json</c> (e.g. <c>default</c>).</summary>
    public string ReasonerName { get; set; } = "default";

    /// <summary>Gets or sets a free-text description of the reasoner and where it ran (e.g. "FeatureReasoner, CPU"), or null.</summary>
    public string? ReasonerDescription { get; set; }

    /// <summary>Gets or sets a template for the customization: its task, class context and rules are used, its references replaced
    /// by the chosen ones. Null for a generic task with the category as class context.</summary>
    public InspectionSpec? Spec { get; set; }

    /// <summary>Gets or sets the longer side, in pixels, of the grid on which pixel metrics are computed and anomaly maps are kept
    /// for the report (maps are box-averaged onto it; a grid pixel is anomalous when at least half of its mask pixels are).
    /// 0 evaluates at full resolution (about 8 bytes of memory per test pixel). Defaults to 256.</summary>
    public int PixelResolution { get; set; } = 256;

    /// <summary>Gets or sets the false-positive-rate limit of AU-PRO, in (0, 1]. Defaults to 0.3 as in MVTec AD.</summary>
    public double AuProFalsePositiveRateLimit { get; set; } = 0.3;

    /// <summary>Gets or sets whether every image and mask header is read before customizing, so that an unreadable file fails
    /// within seconds rather than after the references are processed. Defaults to true.</summary>
    public bool CheckFilesFirst { get; set; } = true;

    /// <summary>Gets or sets, for test items that are frames of a clip (<see cref="Datasets.DatasetItem.Clip"/>, e.g. UCSD), how many
    /// evaluated frames on each side a frame's score is averaged with for the smoothed clip metrics reported beside the raw ones
    /// (<see cref="EvaluationMetrics.SmoothedImageAuroc"/>); the same semantics as
    /// <see cref="AnomalyInspectorOptions.TemporalSmoothingRadius"/>. 0 (the default) reports no smoothed metrics.</summary>
    public int TemporalSmoothingRadius { get; set; }

    /// <summary>Gets or sets the motion view of frame items (items with a <see cref="Datasets.DatasetItem.FrameIndex"/>, e.g. UCSD,
    /// references and test frames alike): 0 (the default) inspects each frame as an image; a gap <c>d</c> above 0 inspects frame
    /// <c>t</c> as a two-frame video (frame <c>t - d</c> of the same clip, or its first frame near the start, then frame <c>t</c>) so
    /// that its motion view is scored beside it. The inspector must then encode videos with a
    /// <see cref="Video.VideoEncoder"/> whose <see cref="Video.VideoEncoderOptions.MotionFrameGap"/> is at least 1 and whose sampling
    /// keeps only the last of the two frames (<see cref="Video.FrameSampling.Uniform"/> with 1); <c>cvlm eval --motion</c> builds it
    /// so. Pixel metrics use the frame view's map.</summary>
    public int MotionFrameGap { get; set; }

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    /// <exception cref="ArgumentException"><see cref="ReasonerName"/> is empty.</exception>
    public void Validate()
    {
        if (Shots is { } shots)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(shots, 1, nameof(Shots));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(ReasonerName, nameof(ReasonerName));
        ArgumentOutOfRangeException.ThrowIfNegative(PixelResolution, nameof(PixelResolution));
        ArgumentOutOfRangeException.ThrowIfNegative(TemporalSmoothingRadius, nameof(TemporalSmoothingRadius));
        ArgumentOutOfRangeException.ThrowIfNegative(MotionFrameGap, nameof(MotionFrameGap));
        if (PixelResolution is > 0 and < 8)
        {
            throw new ArgumentOutOfRangeException(nameof(PixelResolution), PixelResolution, "The pixel resolution must be 0 (full) or at least 8.");
        }

        if (!(AuProFalsePositiveRateLimit > 0 && AuProFalsePositiveRateLimit <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(AuProFalsePositiveRateLimit), AuProFalsePositiveRateLimit, "The limit must be in (0, 1].");
        }
    }

    /// <summary>Returns a copy (the spec template is cloned too).</summary>
    /// <returns>The copy.</returns>
    public EvaluationOptions Clone()
    {
        var copy = (EvaluationOptions)MemberwiseClone();
        copy.Spec = Spec?.Clone();
        return copy;
    }
}
