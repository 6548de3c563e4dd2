namespace Customizable.Vlm.Tests.Reasoning;

/// <summary>A reasoner whose answer is a callback; it records every prompt it receives.</summary>
public sealed class FakeReasoner : IAnomalyReasoner
{
    public FakeReasoner(Func<AnomalyPrompt, AnomalyVerdict> answer)
    {
        Answer = answer;
    }

    public Func<AnomalyPrompt, AnomalyVerdict> Answer { get; set; }

    public List<AnomalyPrompt> Prompts { get; } = [];

    public bool Disposed { get; private set; }

    public Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (Prompts)
        {
            Prompts.Add(prompt);
        }

        return Task.FromResult(Answer(prompt));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() => Disposed = true;
}
