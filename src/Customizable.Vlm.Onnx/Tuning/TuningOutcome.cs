namespace Customizable.Vlm.Onnx.Tuning;

/// <summary>What the settings choice produced: the settings and the evidence for the report.</summary>
internal sealed record TuningOutcome(FeatureSettings Settings, IReadOnlyList<FeatureTuningCandidate> Candidates, int HeldOut, int Planted, TimeSpan Elapsed, bool BudgetExhausted);
