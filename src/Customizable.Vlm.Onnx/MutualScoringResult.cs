namespace Customizable.Vlm.Onnx;

/// <summary>The outcome of scoring a batch of unlabelled images against each other (<see cref="FeatureReasoner.ScoreMutuallyAsync"/>).</summary>
/// <param name="Scores">One score per image, in batch order.</param>
/// <param name="MedianRawScore">The batch's median raw image score.</param>
/// <param name="RobustSpread">The batch's robust spread of raw image scores (median absolute deviation × 1.4826, never 0).</param>
/// <param name="ComparisonsPerImage">How many other images each image was compared with.</param>
/// <param name="Elapsed">Wall time of the call.</param>
public sealed record MutualScoringResult(IReadOnlyList<MutualScore> Scores, double MedianRawScore, double RobustSpread, int ComparisonsPerImage, TimeSpan Elapsed);
