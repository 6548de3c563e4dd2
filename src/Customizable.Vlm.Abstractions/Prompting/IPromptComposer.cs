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
    /// <param name="context">The spec, reference views and query views.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The prompt.</returns>
    ValueTask<AnomalyPrompt> ComposeAsync(PromptContext context, CancellationToken cancellationToken = default);
}
