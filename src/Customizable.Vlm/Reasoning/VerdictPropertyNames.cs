namespace Customizable.Vlm.Reasoning;

/// <summary>Keys that generative reasoners and <see cref="VerdictParser"/> use in <see cref="AnomalyVerdict.AdditionalProperties"/>.</summary>
public static class VerdictPropertyNames
{
    /// <summary>A <see cref="VerdictScoreSource"/>: where the score comes from.</summary>
    public const string ScoreSource = "cvlm.score_source";

    /// <summary>A <see cref="double"/> in [0, 1]: the model's self-reported confidence in its answer (percentages already divided by 100).</summary>
    public const string Confidence = "cvlm.confidence";

    /// <summary>A <see cref="double"/> in [0, 1]: the model's self-reported anomaly score or probability.</summary>
    public const string SelfReportedScore = "cvlm.self_reported_score";

    /// <summary>An <see cref="IReadOnlyList{T}"/> of <see cref="string"/>: what the parser had to do to read the answer
    /// (for example <c>code-fence</c>, <c>json-in-prose</c>, <c>single-quotes</c>, <c>trailing-comma</c>, <c>yes-no-word</c>).</summary>
    public const string ParseNotes = "cvlm.parse_notes";
}
