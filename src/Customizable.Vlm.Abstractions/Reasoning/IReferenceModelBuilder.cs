namespace Customizable.Vlm;

/// <summary>Implemented by reasoners that precompute a <see cref="ReferenceModel"/> from the reference views ("customize once, inspect many").</summary>
/// <remarks>
/// <para>The inspector finds the builder through <c>reasoner.GetService&lt;IReferenceModelBuilder&gt;()</c>, builds the model when a
/// profile is customized, stores it in the profile, and passes it to <see cref="IAnomalyReasoner.ReasonAsync"/> through
/// <see cref="AnomalyPrompt.ReferenceModel"/>.</para>
/// <para>Views and slots: a builder keeps what it learns per <see cref="EncodedView.Slot"/>, so that a query view is compared only
/// with reference views of its own slot (the same camera of a rendered point cloud; all frames of a fixed-camera video share slot
/// 0). References that yield different numbers of views contribute to the slots they have; a query view whose slot no reference
/// had is refused with a <see cref="CustomizableVlmException"/>.</para>
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
    /// <exception cref="CustomizableVlmException">The data is malformed, or was built with settings this builder cannot use (see
    /// <see cref="ReferenceModel.Compatibility"/>).</exception>
    ReferenceModel Read(Stream source);
}
