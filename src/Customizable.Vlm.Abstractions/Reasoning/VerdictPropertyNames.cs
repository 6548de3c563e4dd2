namespace Customizable.Vlm;

/// <summary>The keys this library's reasoners use in <see cref="AnomalyVerdict.AdditionalProperties"/>, in one place (reasoner-specific
/// keys live beside their reasoner and start with <c>cvlm.</c> too).</summary>
public static class VerdictPropertyNames
{
    /// <summary>A <c>VerdictScoreSource</c>: where the score comes from.</summary>
    public const string ScoreSource = "cvlm.score_source";

    /// <summary>A <see cref="double"/> in [0, 1]: the model's self-reported confidence in its answer (percentages already divided by 100).</summary>
    public const string Confidence = "cvlm.confidence";

    /// <summary>A <see cref="double"/> in [0, 1]: the model's self-reported anomaly score or probability.</summary>
    public const string SelfReportedScore = "cvlm.self_reported_score";

    /// <summary>An <see cref="IReadOnlyList{T}"/> of <see cref="string"/>: what the parser had to do to read the answer
    /// (for example <c>code-fence</c>, <c>json-in-prose</c>, <c>single-quotes</c>, <c>trailing-comma</c>, <c>yes-no-word</c>).</summary>
    public const string ParseNotes = "cvlm.parse_notes";

    /// <summary>A <see cref="double"/>: the measuring reasoner's uncalibrated score (for the embedded reasoner, the largest smoothed
    /// patch distance to the normal memory), comparable with <see cref="RawThreshold"/>.</summary>
    public const string RawScore = "cvlm.raw_score";

    /// <summary>A <see cref="double"/>: the uncalibrated score that maps to 0.5 (the decision threshold) for the view that gave the
    /// verdict's score.</summary>
    public const string RawThreshold = "cvlm.raw_threshold";

    /// <summary>A <see cref="string"/>: the execution provider that ran the model (for example <c>Cpu</c>, <c>Cuda</c>).</summary>
    public const string ExecutionProvider = "cvlm.execution_provider";
}
