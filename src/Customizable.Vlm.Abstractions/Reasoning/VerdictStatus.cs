namespace Customizable.Vlm;

/// <summary>Where a verdict's decision comes from and how much of it could be read.</summary>
public enum VerdictStatus
{
    /// <summary>Measured by a non-generative reasoner (feature distances); score and decision are numbers, not text.</summary>
    Measured = 0,

    /// <summary>Read from a well-formed model answer.</summary>
    Parsed = 1,

    /// <summary>Read from a malformed answer after tolerant repair (JSON in prose, single quotes, trailing commas, yes/no words).</summary>
    Repaired = 2,

    /// <summary>The answer could not be read: <see cref="AnomalyVerdict.IsAnomalous"/> is null and the score carries no information (0.5).</summary>
    Unparseable = 3,
}
