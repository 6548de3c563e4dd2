namespace Customizable.Vlm.OnnxGenAI.Generation;

/// <summary>What the logits said at the decision token.</summary>
/// <param name="Anomalous">Probability in [0, 1] of the anomalous answer, renormalised over the two answers (anomalous / normal).</param>
/// <param name="Mass">Probability in [0, 1] the model gave to either answer at that token (how much the renormalised number rests on).</param>
internal readonly record struct DecisionProbability(double Anomalous, double Mass);
