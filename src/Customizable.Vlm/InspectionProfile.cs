namespace Customizable.Vlm;

/// <summary>
/// A customized inspection, ready to inspect many observations: the spec, the encoded reference views and the reasoner's
/// precomputed reference model. Made by <see cref="AnomalyInspector.CustomizeAsync"/>; saved and loaded with
/// <see cref="AnomalyInspector.SaveProfileAsync"/> / <see cref="AnomalyInspector.LoadProfileAsync"/>.
/// </summary>
/// <remarks>Immutable and thread-safe: one profile serves any number of concurrent inspections.</remarks>
public sealed class InspectionProfile
{
    /// <summary>Initializes a new profile.</summary>
    /// <param name="spec">The spec (its reference observations may be empty after loading: the views stand for them).</param>
    /// <param name="referenceViews">The encoded reference views.</param>
    /// <param name="referenceModel">The reasoner's precomputed model, or null for reasoners that compare images directly.</param>
    /// <param name="createdAt">When the profile was customized.</param>
    public InspectionProfile(InspectionSpec spec, IReadOnlyList<EncodedView> referenceViews, ReferenceModel? referenceModel, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(referenceViews);
        Spec = spec;
        ReferenceViews = referenceViews;
        ReferenceModel = referenceModel;
        CreatedAt = createdAt;
    }

    /// <summary>Gets the spec.</summary>
    public InspectionSpec Spec { get; }

    /// <summary>Gets the encoded reference views, in the order of the spec's references.</summary>
    public IReadOnlyList<EncodedView> ReferenceViews { get; }

    /// <summary>Gets the reasoner's precomputed reference model, or null.</summary>
    public ReferenceModel? ReferenceModel { get; }

    /// <summary>Gets when the profile was customized.</summary>
    public DateTimeOffset CreatedAt { get; }
}
