using Customizable.Vlm.OnnxGenAI.Generation;
using Customizable.Vlm.Reasoning;

namespace Customizable.Vlm.OnnxGenAI.Tests;

/// <summary>How a generated answer becomes a verdict (the dummy model only provides a loaded reasoner; the answers are given).</summary>
public sealed class VerdictTests : IDisposable
{
    private readonly GenAIAnomalyReasoner? _reasoner = TestModels.Phi3VDummy is null ? null : new GenAIAnomalyReasoner(TestModels.Phi3VDummy);

    [DummyModelFact]
    public void A_json_answer_is_parsed_and_its_score_is_the_decision_token_probability()
    {
        const string answer = "{\"is_anomalous\": true, \"confidence\": 0.9, \"defect_type\": \"scratch\", \"reasoning\": \"A dark line crosses the surface.\"}";

        AnomalyVerdict verdict = AssertVerdict(answer, new DecisionProbability(0.83, 0.97), VerdictStatus.Parsed, anomalous: true, score: 0.83);

        Assert.Equal(VerdictScoreSource.TokenProbability, verdict.AdditionalProperties![VerdictPropertyNames.ScoreSource]);
        Assert.Equal(0.97, verdict.AdditionalProperties[GenAIVerdictPropertyNames.DecisionMass]);
        Assert.Equal("A dark line crosses the surface.", verdict.Reasoning);
        Assert.Equal("scratch", verdict.DefectType);
        Assert.Equal(answer, verdict.RawText);
        Assert.Equal("onnxruntime-genai/phi3v/phi3v-dummy", verdict.ModelId);
        Assert.Equal(5000, verdict.AdditionalProperties[GenAIVerdictPropertyNames.InputTokens]);
        Assert.Equal("Cpu", verdict.AdditionalProperties[GenAIVerdictPropertyNames.ExecutionProvider]);
    }

    [DummyModelFact]
    public void A_decision_probability_on_the_other_side_of_the_parsed_answer_is_kept_aside_and_the_parsed_score_stays()
    {
        AnomalyVerdict verdict = _reasoner!.CreateVerdict(Run("{\"is_anomalous\": false, \"confidence\": 0.8, \"reasoning\": \"fine\"}", new DecisionProbability(0.7, 0.4)));

        Assert.False(verdict.IsAnomalous);
        Assert.Equal(0.1, verdict.Score, 9);
        Assert.Equal(VerdictScoreSource.SelfReportedConfidence, verdict.AdditionalProperties![VerdictPropertyNames.ScoreSource]);
        Assert.Equal(0.7, verdict.AdditionalProperties[GenAIVerdictPropertyNames.DecisionProbability]);
        Assert.Contains("other side of 0.5", (string)verdict.AdditionalProperties[GenAIVerdictPropertyNames.DecisionProbabilityIgnored]!, StringComparison.Ordinal);
    }

    [DummyModelFact]
    public void An_unreadable_answer_is_unparseable_with_unknown_decision_and_a_neutral_score_whatever_the_logits_said()
    {
        const string answer = "I cannot tell from these pictures.";

        AnomalyVerdict verdict = AssertVerdict(answer, new DecisionProbability(0.9, 0.9), VerdictStatus.Unparseable, anomalous: null, score: 0.5);

        Assert.Equal(answer, verdict.RawText);
        Assert.True(verdict.AdditionalProperties!.ContainsKey(GenAIVerdictPropertyNames.DecisionProbabilityIgnored));
    }

    [DummyModelFact]
    public void An_answer_cut_off_by_the_token_cap_is_repaired_and_says_why_it_stopped()
    {
        AnomalyVerdict verdict = AssertVerdict(
            "{\"correctness\": 0, \"reasoning\": \"The left edge has a dent and the", null, VerdictStatus.Repaired, anomalous: true, score: 1.0, GenerationStop.TokenCap);

        Assert.Equal("token_cap", verdict.AdditionalProperties![GenAIVerdictPropertyNames.StopReason]);
        Assert.False(verdict.AdditionalProperties.ContainsKey(GenAIVerdictPropertyNames.DecisionProbability));
    }

    public void Dispose() => _reasoner?.Dispose();

    /// <summary>Turns a generated answer into a verdict and checks its status, decision and score (exactly).</summary>
    private AnomalyVerdict AssertVerdict(
        string answer, DecisionProbability? decision, VerdictStatus status, bool? anomalous, double score, GenerationStop stop = GenerationStop.EndOfSequence)
    {
        AnomalyVerdict verdict = _reasoner!.CreateVerdict(Run(answer, decision, stop));

        Assert.Equal(status, verdict.Status);
        Assert.Equal(anomalous, verdict.IsAnomalous);
        Assert.Equal(score, verdict.Score);
        return verdict;
    }

    private static GenerationRun Run(string text, DecisionProbability? decision, GenerationStop stop = GenerationStop.EndOfSequence) =>
        new(new GenerationOutcome(text, 40, stop, decision), ImageCount: 2, InputTokenCount: 5000, MaxLength: 5256, Milliseconds: 12.5);
}
