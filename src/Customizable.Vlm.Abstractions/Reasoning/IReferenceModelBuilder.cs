namespace Customizable.Vlm;

/// <summary>Implemented by reasoners that precompute a <see cref="ReferenceModel"/> from the reference views ("customize once, inspect many").</summary>
/// <remarks>
/// <para>The inspector builds the model when a profile is customized, stores it in the profile, and passes it to
/// <see cref="IAnomalyReasoner.ReasonAsync"/> through <see cref="AnomalyPrompt.ReferenceModel"/>.</para>
/// <para>Thread-safety: all members may be called concurrently. <see cref="Read"/> validates what it reads and throws
/// <see cref="CustomizableVlmException"/> on malformed data; it never trusts lengths without checking them against the stream.</para>
/// </remarks>
public interface IReferenceModelBuilder
{
    /// <summary>Gets the kind of model this builder makes and reads (stored in profiles).</summary>
    string ReferenceModelKind { get; }

    /// <summary>Builds the model from the reference views.</summary>
    /// <param name="spec">The inspection spec (rules may matter).</param>
    /// <param name="referenceViews">Views of the normal references; at least one.</param>
    /// <param name="cancellationToken">Cancels the work between views and batches.</param>
    /// <returns>The model.</returns>
    ValueTask<ReferenceModel> BuildReferenceModelAsync(InspectionSpec spec, IReadOnlyList<EncodedView> referenceViews, CancellationToken cancellationToken = default);

    /// <summary>Writes a model made by this builder.</summary>
    /// <param name="model">The model.</param>
    /// <param name="destination">A writable stream.</param>
    void Write(ReferenceModel model, Stream destination);

    /// <summary>Reads a model written by <see cref="Write"/> (on any machine).</summary>
    /// <param name="source">A readable stream holding exactly the written bytes.</param>
    /// <returns>The model.</returns>
    ReferenceModel Read(Stream source);
}
