namespace Customizable.Vlm;

/// <summary>How an expert customizes an inspection: what to check, what the object is, what normal means, and reference observations of good parts.</summary>
/// <remarks>A mutable options-style class; configure it, then hand it over. Use <see cref="Clone"/> to derive variants.</remarks>
public sealed class InspectionSpec
{
    /// <summary>Gets or sets the task, e.g. "Decide whether the tire tread shows a defect." Defaults to a generic anomaly-detection task.</summary>
    public string TaskDescription { get; set; } = "Decide whether the query shows an anomalous (defective) object compared with the normal references.";

    /// <summary>Gets or sets what the object is, e.g. "a rubber tire photographed from above"; null when not given.</summary>
    public string? ClassContext { get; set; }

    /// <summary>Gets the rules that say what normal is and which defects matter.</summary>
    public IList<NormalityRule> NormalityRules { get; init; } = [];

    /// <summary>Gets the observations of normal (good) parts used as references; at least one is needed to customize.</summary>
    public IList<Observation> References { get; init; } = [];

    /// <summary>Gets or sets the answer format requested from generative reasoners.</summary>
    public AnswerFormat AnswerFormat { get; set; } = AnswerFormat.Json;

    /// <summary>Gets or sets the prompt template of this inspection, or null for the composer's own (see <see cref="Vlm.PromptTemplate"/>).
    /// Checked by <see cref="IPromptComposer.Validate"/> at customization time and saved with the profile.</summary>
    public PromptTemplate? PromptTemplate { get; set; }

    /// <summary>Gets or sets caller-defined properties that travel with the spec.</summary>
    public IDictionary<string, object?>? AdditionalProperties { get; set; }

    /// <summary>Returns a copy whose lists can be changed independently (observations themselves are shared).</summary>
    /// <returns>The copy.</returns>
    public InspectionSpec Clone() => new()
    {
        TaskDescription = TaskDescription,
        ClassContext = ClassContext,
        NormalityRules = [.. NormalityRules.Select(r => r.Clone())],
        References = [.. References],
        AnswerFormat = AnswerFormat,
        PromptTemplate = PromptTemplate,
        AdditionalProperties = AdditionalProperties is null ? null : new Dictionary<string, object?>(AdditionalProperties),
    };
}
