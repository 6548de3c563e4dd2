namespace Customizable.Vlm.Reasoning;

/// <summary>Options of <see cref="VerdictParser"/>.</summary>
/// <remarks>A mutable options class; the parser reads it and never keeps it. Use <see cref="Clone"/> to derive variants.</remarks>
public sealed class VerdictParserOptions
{
    /// <summary>The default of <see cref="MaxScanLength"/>: 65,536 UTF-16 characters.</summary>
    public const int DefaultMaxScanLength = 64 * 1024;

    /// <summary>Gets or sets a value indicating whether only a well-formed answer is accepted. When true, an answer that needed repair
    /// (<see cref="VerdictStatus.Repaired"/>) or could not be read (<see cref="VerdictStatus.Unparseable"/>) raises
    /// <see cref="VerdictParseException"/>. When false (the default), the parser never throws for any text.</summary>
    public bool Strict { get; set; }

    /// <summary>Gets or sets how many UTF-16 characters of an answer are scanned, in [256, 16,777,216]; defaults to
    /// <see cref="DefaultMaxScanLength"/>. A longer answer is scanned in two halves of this budget, its beginning and its end (a
    /// verdict is found at the start of an answer that ran into a repetition loop, and at the end of one that thought aloud first),
    /// and the note <c>scan-truncated</c> is added. Time and memory of a parse are linear in this number, whatever the answer's length.</summary>
    public int MaxScanLength { get; set; } = DefaultMaxScanLength;

    /// <summary>Gets or sets the largest number of characters kept in <see cref="AnomalyVerdict.Reasoning"/>, in [16, 1,048,576];
    /// defaults to 8,192. Longer reasoning is cut and ends with an ellipsis; <see cref="AnomalyVerdict.RawText"/> is always kept whole.</summary>
    public int MaxReasoningLength { get; set; } = 8192;

    /// <summary>Gets or sets a value indicating whether a bare "yes" answers "is it anomalous?" (true, the default: both built-in
    /// templates ask whether the query is anomalous) or "is it normal?" (false, for templates that ask the question the other way round).
    /// Applies to yes/no answers and to yes/no values of neutral keys such as <c>answer</c> or <c>label</c>; keys with a polarity of
    /// their own (<c>is_anomalous</c>, <c>correctness</c>) are read by their meaning.</summary>
    public bool YesMeansAnomalous { get; set; } = true;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxScanLength, 256, nameof(MaxScanLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxScanLength, 16 * 1024 * 1024, nameof(MaxScanLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReasoningLength, 16, nameof(MaxReasoningLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxReasoningLength, 1024 * 1024, nameof(MaxReasoningLength));
    }

    /// <summary>Returns a copy.</summary>
    /// <returns>The copy.</returns>
    public VerdictParserOptions Clone() => (VerdictParserOptions)MemberwiseClone();
}
