namespace Customizable.Vlm.Onnx;

/// <summary>How the image score is taken from the smoothed anomaly map.</summary>
public enum ImageScoreMode
{
    /// <summary>The largest value of the map.</summary>
    Max = 0,

    /// <summary>The mean of the largest <see cref="FeatureReasonerOptions.TopKFraction"/> of the map's values: robust to single hot pixels.</summary>
    TopKMean = 1,
}
