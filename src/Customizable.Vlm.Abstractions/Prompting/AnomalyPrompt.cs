namespace Customizable.Vlm;

/// <summary>A composed prompt: an ordered list of text and image parts, with references kept distinct from the query.</summary>
/// <remarks>Immutable apart from <see cref="AdditionalProperties"/>. The same inputs to a composer give an equal prompt.</remarks>
public sealed class AnomalyPrompt
{
    /// <summary>Initializes a new prompt.</summary>
    /// <param name="parts">The parts in order.</param>
    /// <param name="spec">The spec it was composed from.</param>
    /// <param name="queryViews">The query views it was composed for (also present among the parts, possibly as composites).</param>
    public AnomalyPrompt(IReadOnlyList<PromptPart> parts, InspectionSpec spec, IReadOnlyList<EncodedView> queryViews)
    {
        Parts = Throw.IfNull(parts);
        Spec = Throw.IfNull(spec);
        QueryViews = Throw.IfNull(queryViews);
    }

    /// <summary>Gets the parts in the order a model should see them.</summary>
    public IReadOnlyList<PromptPart> Parts { get; }

    /// <summary>Gets the spec the prompt was composed from.</summary>
    public InspectionSpec Spec { get; }

    /// <summary>Gets the original (uncomposited) query views; regions of a verdict refer to these by index.</summary>
    public IReadOnlyList<EncodedView> QueryViews { get; }

    /// <summary>Gets the reasoner's precomputed reference model (see <see cref="IReferenceModelBuilder"/>), or null. Reasoners that
    /// do not know the model's kind ignore it and use the reference images of <see cref="Parts"/>.</summary>
    public ReferenceModel? ReferenceModel { get; init; }

    /// <summary>Gets or sets caller- or composer-defined properties.</summary>
    public IDictionary<string, object?>? AdditionalProperties { get; set; }

    /// <summary>Gets the image parts that show normal references, in order.</summary>
    public IEnumerable<ImagePromptPart> ReferenceImages => Parts.OfType<ImagePromptPart>().Where(p => p.Role == PromptImageRole.Reference);

    /// <summary>Gets the image parts that show the query, in order.</summary>
    public IEnumerable<ImagePromptPart> QueryImages => Parts.OfType<ImagePromptPart>().Where(p => p.Role == PromptImageRole.Query);

    /// <summary>Gets all text parts joined by blank lines (for logs and text-only models).</summary>
    public string Text => string.Join("\n\n", Parts.OfType<TextPromptPart>().Select(p => p.Text));
}
