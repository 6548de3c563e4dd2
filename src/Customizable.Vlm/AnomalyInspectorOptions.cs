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

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDegreeOfParallelism, 1, nameof(MaxDegreeOfParallelism));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReferences, 1, nameof(MaxReferences));
        ArgumentOutOfRangeException.ThrowIfNegative(TemporalSmoothingRadius, nameof(TemporalSmoothingRadius));
    }

    /// <summary>Returns a copy.</summary>
    /// <returns>The copy.</returns>
    public AnomalyInspectorOptions Clone() => (AnomalyInspectorOptions)MemberwiseClone();
}
