namespace Customizable.Vlm;

/// <summary>
/// A customized inspection, ready to inspect many observations: a snapshot of the spec, the reference views the reasoner reads (if
/// any) and the reasoner's precomputed reference model. Made by <see cref="AnomalyInspector.CustomizeAsync"/>; saved and loaded with
/// <see cref="AnomalyInspector.SaveProfileAsync(InspectionProfile, string, CancellationToken)"/> / <see cref="AnomalyInspector.LoadProfileAsync(string, CancellationToken)"/> (or their stream overloads).
/// </summary>
/// <remarks>
/// <para>Immutable and thread-safe: one profile serves any number of concurrent inspections. <see cref="Spec"/> returns a copy, so
/// changing it does not change the profile.</para>
/// <para>What it holds depends on the reasoner (see <see cref="AnomalyReasonerMetadata.Inputs"/>): a reasoner that reads only its
/// reference model (the embedded default) gets a profile without reference images; a vision-language reasoner gets the reference
/// views as the prompt composer prepared them (downscaled to the size it shows).</para>
/// </remarks>
public sealed class InspectionProfile
{
    private readonly InspectionSpec _spec;

    /// <summary>Initializes a new profile.</summary>
    /// <param name="spec">The spec (copied; its reference observations may be empty after loading).</param>
    /// <param name="referenceViews">The reference views kept for the reasoner (may be empty when it reads only a reference model).</param>
    /// <param name="referenceModel">The reasoner's precomputed model, or null for reasoners that compare images directly.</param>
    /// <param name="createdAt">When the profile was customized.</param>
    /// <param name="references">What the references were (names, views and their slots), or null to derive it from
    /// <paramref name="referenceViews"/>.</param>
    public InspectionProfile(InspectionSpec spec, IReadOnlyList<EncodedView> referenceViews, ReferenceModel? referenceModel, DateTimeOffset createdAt, IReadOnlyList<ReferenceViewInfo>? references = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(referenceViews);
        _spec = spec.Clone();
        ReferenceViews = [.. referenceViews];
        ReferenceModel = referenceModel;
        CreatedAt = createdAt;
        References = references is null ? [.. referenceViews.Select(ReferenceViewInfo.Of)] : [.. references];
    }

    /// <summary>Gets a copy of the spec the profile was customized with.</summary>
    public InspectionSpec Spec => _spec.Clone();

    /// <summary>Gets the reference views kept for the reasoner, in the order of the spec's references (empty when the reasoner reads
    /// only its reference model).</summary>
    public IReadOnlyList<EncodedView> ReferenceViews { get; }

    /// <summary>Gets a description of every reference view the profile was customized from (kept even when the pixels are not).</summary>
    public IReadOnlyList<ReferenceViewInfo> References { get; }

    /// <summary>Gets the reasoner's precomputed reference model, or null.</summary>
    public ReferenceModel? ReferenceModel { get; }

    /// <summary>Gets when the profile was customized.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>
    /// Gets the motion views the profile's video references were encoded with (<see cref="Video.VideoEncoderOptions.MotionFrameGap"/>
    /// and <see cref="Video.VideoEncoderOptions.MotionGain"/> of the inspector's <see cref="Video.VideoEncoder"/> at customization), or
    /// null when they had none. Videos are inspected with these motion views, whatever the inspecting encoder's own setting, so that
    /// query views always meet reference memories made the same way. Saved with the profile (format version 3).
    /// </summary>
    /// <remarks>Profiles saved before version 3 load with null. One of them whose references include motion views (a video reference
    /// view with <see cref="ReferenceViewInfo.Slot"/> <see cref="Video.VideoEncoder.MotionSlot"/>) does not say their gap: such a profile
    /// is inspected with the inspecting encoder's setting, as before (see <see cref="HasUnrecordedMotionViews"/>).</remarks>
    public Video.MotionViewSettings? MotionViews { get; init; }

    /// <summary>Gets whether the profile's references include motion views whose settings it does not record (a profile saved before
    /// format version 3 with motion views, or one constructed without <see cref="MotionViews"/>): videos are then inspected with the
    /// inspecting encoder's <see cref="Video.VideoEncoderOptions.MotionFrameGap"/>, which must be the one used at customization.</summary>
    public bool HasUnrecordedMotionViews =>
        MotionViews is null && References.Any(r => r.Modality == ObservationModality.Video && r.Slot == Video.VideoEncoder.MotionSlot);

    /// <summary>Gets the spec itself, for the inspector's prompts (never handed to callers).</summary>
    internal InspectionSpec FrozenSpec => _spec;
}
