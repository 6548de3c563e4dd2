namespace Customizable.Vlm;

/// <summary>What an <see cref="IPromptComposer"/> composes from: the spec, the encoded reference views and the encoded query views.</summary>
/// <param name="spec">The inspection spec.</param>
/// <param name="referenceViews">Views of the spec's references, encoded once at customization time.</param>
/// <param name="queryViews">Views of the observation under inspection; at least one.</param>
public sealed class PromptContext(InspectionSpec spec, IReadOnlyList<EncodedView> referenceViews, IReadOnlyList<EncodedView> queryViews)
{
    /// <summary>Gets the inspection spec.</summary>
    public InspectionSpec Spec { get; } = Throw.IfNull(spec);

    /// <summary>Gets the views of the normal references.</summary>
    public IReadOnlyList<EncodedView> ReferenceViews { get; } = Throw.IfNull(referenceViews);

    /// <summary>Gets the views of the query.</summary>
    public IReadOnlyList<EncodedView> QueryViews { get; } = Throw.IfNull(queryViews);

    /// <summary>Gets the profile's precomputed reference model, or null. Composers pass it on as
    /// <see cref="AnomalyPrompt.ReferenceModel"/> of the prompt they compose.</summary>
    public ReferenceModel? ReferenceModel { get; init; }
}
