namespace Customizable.Vlm.Evaluation.Tests.Support;

/// <summary>Passes every call on to an inner reasoner and records the prompts.</summary>
internal sealed class PromptRecorder(IAnomalyReasoner inner) : DelegatingAnomalyReasoner(inner)
{
    public List<AnomalyPrompt> Prompts { get; } = [];

    public override Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, CancellationToken cancellationToken = default)
    {
        lock (Prompts)
        {
            Prompts.Add(prompt);
        }

        return base.ReasonAsync(prompt, cancellationToken);
    }
}
