namespace Customizable.Vlm;

/// <summary>Describes a reasoner: what it reads and who provides it. Ask for it with
/// <c>reasoner.GetService&lt;AnomalyReasonerMetadata&gt;()</c>; wrappers pass the request through to the reasoner they wrap.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="providerName">A short name of the implementation (for example <c>embedded</c>, <c>chat</c>, <c>genai</c>), or null.</param>
/// <param name="inputs">What the reasoner reads from a prompt; the inspector builds nothing else.</param>
/// <param name="modelId">The model the reasoner uses, or null when unknown.</param>
public sealed class AnomalyReasonerMetadata(string? providerName, AnomalyReasonerInputs inputs, string? modelId = null)
{
    /// <summary>Gets a short name of the implementation, or null.</summary>
    public string? ProviderName { get; } = providerName;

    /// <summary>Gets what the reasoner reads from a prompt.</summary>
    public AnomalyReasonerInputs Inputs { get; } = inputs;

    /// <summary>Gets the model the reasoner uses, or null.</summary>
    public string? ModelId { get; } = modelId;

    /// <summary>Gets what <paramref name="reasoner"/> reads, or <see cref="AnomalyReasonerInputs.All"/> when it does not say.</summary>
    /// <param name="reasoner">The reasoner.</param>
    /// <returns>The inputs to build for it.</returns>
    public static AnomalyReasonerInputs InputsOf(IAnomalyReasoner reasoner) =>
        Throw.IfNull(reasoner).GetService(typeof(AnomalyReasonerMetadata)) is AnomalyReasonerMetadata metadata ? metadata.Inputs : AnomalyReasonerInputs.All;
}
