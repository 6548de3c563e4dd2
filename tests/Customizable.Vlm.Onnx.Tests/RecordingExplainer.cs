namespace Customizable.Vlm.Onnx.Tests;

/// <summary>A stand-in for a vision-language model: answers with a fixed decision and records the prompts it receives.</summary>
public sealed class RecordingExplainer(bool anomalous, string reasoning) : IAnomalyReasoner
{
    public List<AnomalyPrompt> Prompts { get; } = [];

    public Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, CancellationToken cancellationToken = default)
    {
        lock (Prompts)
        {
            Prompts.Add(prompt);
        }

        return Task.FromResult(new AnomalyVerdict
        {
            IsAnomalous = anomalous,
            Score = anomalous ? 0.9 : 0.1,
            Reasoning = reasoning,
            Status = VerdictStatus.Parsed,
            RawText = $"{{\"is_anomalous\": {(anomalous ? "true" : "false")}, \"reasoning\": \"{reasoning}\"}}",
            ModelId = "fake-vlm",
        });
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
