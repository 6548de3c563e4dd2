using Customizable.Vlm.OnnxGenAI.Generation;
using Customizable.Vlm.Reasoning;

namespace Customizable.Vlm.OnnxGenAI;

public sealed partial class GenAIAnomalyReasoner
{
    /// <summary>
    /// Reads the answer with the shared <see cref="VerdictParser"/> (raw text always kept) and, when the logits were read at the
    /// decision token and agree with the parsed answer's side of 0.5, replaces the score with the token probability.
    /// </summary>
    internal AnomalyVerdict CreateVerdict(GenerationRun run)
    {
        AnomalyVerdict verdict = VerdictParser.Parse(run.Outcome.Text);
        verdict.ModelId = ModelId;
        IDictionary<string, object?> properties = verdict.AdditionalProperties ??= new Dictionary<string, object?>(StringComparer.Ordinal);
        properties[GenAIVerdictPropertyNames.InputTokens] = run.InputTokenCount;
        properties[GenAIVerdictPropertyNames.GeneratedTokens] = run.Outcome.TokenCount;
        properties[GenAIVerdictPropertyNames.StopReason] = run.Outcome.Stop == GenerationStop.TokenCap ? "token_cap" : "end_of_sequence";
        properties[GenAIVerdictPropertyNames.ImageCount] = run.ImageCount;
        properties[GenAIVerdictPropertyNames.ExecutionProvider] = ActiveProvider.ToString();
        properties[GenAIVerdictPropertyNames.PromptFamily] = _renderer.Family;
        properties[GenAIVerdictPropertyNames.Milliseconds] = run.Milliseconds;
        if (run.Outcome.Decision is not DecisionProbability decision)
        {
            return verdict;
        }

        properties[GenAIVerdictPropertyNames.DecisionProbability] = decision.Anomalous;
        properties[GenAIVerdictPropertyNames.DecisionMass] = decision.Mass;
        if (verdict.IsAnomalous is not bool anomalous)
        {
            properties[GenAIVerdictPropertyNames.DecisionProbabilityIgnored] = "the answer could not be read, so the decision is unknown";
        }
        else if ((decision.Anomalous >= 0.5) != anomalous)
        {
            // Possible when several spellings split the probability, or when the parsed decision comes from another key.
            properties[GenAIVerdictPropertyNames.DecisionProbabilityIgnored] = "it lies on the other side of 0.5 than the parsed answer";
        }
        else
        {
            verdict.Score = decision.Anomalous;
            properties[VerdictPropertyNames.ScoreSource] = VerdictScoreSource.TokenProbability;
        }

        return verdict;
    }
}
