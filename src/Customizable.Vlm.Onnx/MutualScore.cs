namespace Customizable.Vlm.Onnx;

/// <summary>The score of one image of a batch scored against the others (<see cref="FeatureReasoner.ScoreMutuallyAsync"/>).</summary>
/// <param name="Index">The image's position in the batch.</param>
/// <param name="Score">The score in [0, 1]: a logistic map of <paramref name="RobustZ"/> with 0.5 at the outlier threshold.</param>
/// <param name="RawScore">The image score before mapping: the top of the smoothed patch-distance map, in feature units.</param>
/// <param name="RobustZ">How far <paramref name="RawScore"/> lies above the batch's median, in robust standard deviations.</param>
/// <param name="IsOutlier">Whether <paramref name="RobustZ"/> reaches <see cref="MutualScoringOptions.OutlierThreshold"/>.</param>
/// <param name="Map">The anomaly map at the backbone input's resolution, mapped like <paramref name="Score"/> (0.5 = the outlier
/// threshold), with its mapping to the image's pixels.</param>
public sealed record MutualScore(int Index, double Score, double RawScore, double RobustZ, bool IsOutlier, AnomalyMap Map);
