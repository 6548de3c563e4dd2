using Customizable.Vlm.Video;

namespace Customizable.Vlm;

/// <summary>Options of an <see cref="AnomalyInspector"/>.</summary>
public sealed class AnomalyInspectorOptions
{
    /// <summary>Gets or sets how many observations a batch inspection processes at once (at least 1). Defaults to 1: the default
    /// reasoner already uses the machine's cores inside one inspection.</summary>
    public int MaxDegreeOfParallelism { get; set; } = 1;

    /// <summary>Gets or sets the largest number of reference observations accepted by <see cref="AnomalyInspector.CustomizeAsync"/>.</summary>
    public int MaxReferences { get; set; } = 1000;

    /// <summary>Gets or sets how many inspected frames on each side of a video frame its score is averaged with before the decision
    /// (0 disables smoothing). Default 1: a three-frame window, so one noisy frame does not flag a clip, while an event seen in
    /// two consecutive inspected frames still does.</summary>
    public int TemporalSmoothingRadius { get; set; } = 1;

    /// <summary>Gets or sets how many anomaly maps a video's verdict keeps (at least 0): those of its highest-scoring views, which also
    /// keep their regions' masks. Default 64. A video inspected by a reasoner that reads no prompt (the embedded one) is streamed:
    /// its frames are decoded, encoded and scored a few at a time, and this bound keeps the verdict's memory flat however long the
    /// clip (every view's score, <see cref="AnomalyVerdict.FrameScores"/> and the time-located regions are always kept).</summary>
    public int VideoAnomalyMapLimit { get; set; } = 64;

    /// <summary>Gets or sets the columns (and at most as many rows) of the key-frame grid that a reasoner reading prompt images (a chat
    /// or local vision-language model) is shown for a video: 1 to 8, default 3 (a 3x3 grid of 9 key frames). The embedded reasoner,
    /// which reads no prompt, scores every sampled frame instead.</summary>
    public int VideoGridColumns { get; set; } = 3;

    /// <summary>Gets or sets how the grid's key frames are chosen (see <see cref="VideoGridColumns"/>): null (the default) for
    /// <see cref="FrameSampling.Uniform"/> of <c>columns x columns</c> frames; for example <see cref="FrameSampling.OnChange"/> for
    /// change-based key frames. When it chooses more than <c>columns x columns</c> frames, consecutive ones are merged into evenly
    /// spaced groups, each tile standing for its group's time span.</summary>
    public FrameSampling? VideoGridSampling { get; set; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDegreeOfParallelism, 1, nameof(MaxDegreeOfParallelism));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReferences, 1, nameof(MaxReferences));
        ArgumentOutOfRangeException.ThrowIfNegative(TemporalSmoothingRadius, nameof(TemporalSmoothingRadius));
        ArgumentOutOfRangeException.ThrowIfNegative(VideoAnomalyMapLimit, nameof(VideoAnomalyMapLimit));
        ArgumentOutOfRangeException.ThrowIfLessThan(VideoGridColumns, 1, nameof(VideoGridColumns));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(VideoGridColumns, 8, nameof(VideoGridColumns));
    }

    /// <summary>Returns a copy.</summary>
    /// <returns>The copy.</returns>
    public AnomalyInspectorOptions Clone() => (AnomalyInspectorOptions)MemberwiseClone();
}
