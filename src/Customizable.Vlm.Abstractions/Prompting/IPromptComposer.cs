namespace Customizable.Vlm;

/// <summary>Composes a prompt from an inspection spec, the reference views and the query views.</summary>
/// <remarks>
/// <para>Thread-safety: implementations must allow concurrent calls on one instance.</para>
/// <para>Determinism: the same context gives the same prompt, part for part and byte for byte.</para>
/// <para>Ownership: composite images are new frames owned by the prompt; input views are referenced, not copied.</para>
/// </remarks>
public interface IPromptComposer
{
    /// <summary>Composes the prompt.</summary>
    /// <param name="context">The spec, reference views (as returned by <see cref="PrepareReferenceViews"/>), query views and the
    /// reference model, which the prompt carries as <see cref="AnomalyPrompt.ReferenceModel"/>.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The prompt.</returns>
    ValueTask<AnomalyPrompt> ComposeAsync(PromptContext context, CancellationToken cancellationToken = default);

    /// <summary>Checks, at customization time, that prompts can be composed for <paramref name="spec"/> (for example that its
    /// <see cref="InspectionSpec.PromptTemplate"/> names only known placeholders). The default implementation accepts every spec.</summary>
    /// <param name="spec">The spec being customized.</param>
    /// <exception cref="PromptTemplateException">The spec's template cannot be used by this composer.</exception>
    void Validate(InspectionSpec spec)
    {
    }

    /// <summary>Prepares the reference views once per profile, at customization time (for example downscaled to the size the
    /// composer shows), so that composing a prompt does no per-call work on them. The profile stores what this returns. The default
    /// implementation returns the views unchanged.</summary>
    /// <param name="referenceViews">The encoded reference views.</param>
    /// <returns>The views to store in the profile and to pass back in <see cref="PromptContext.ReferenceViews"/>.</returns>
    IReadOnlyList<EncodedView> PrepareReferenceViews(IReadOnlyList<EncodedView> referenceViews) => referenceViews;
}
