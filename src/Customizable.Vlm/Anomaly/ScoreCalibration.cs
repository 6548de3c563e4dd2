using System.Numerics.Tensors;

namespace Customizable.Vlm.Anomaly;

/// <summary>
/// Maps raw anomaly scores (distances) to calibrated scores in [0, 1] where 0.5 is the decision threshold, using only the scores
/// of normal references (leave-one-out or hold-out).
/// </summary>
/// <remarks>
/// <para><c>calibrated = 1 / (1 + exp(-(raw - Threshold) / Scale))</c>. The threshold is
/// <c>max(normal scores) + Sensitivity margin</c>: <c>Threshold = Max + Margin * Spread</c>, where <c>Spread</c> is the standard
/// deviation of the normal scores (at least 10% of their mean; 20% of the score when there is only one). A lower margin flags more; a higher one fewer.</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
internal sealed record ScoreCalibration
{
    /// <summary>Gets the raw score that maps to 0.5.</summary>
    public required double Threshold { get; init; }

    /// <summary>Gets the raw-score distance that moves the calibrated score from 0.5 to about 0.73 (must be positive).</summary>
    public required double Scale { get; init; }

    /// <summary>Gets the largest raw score seen among the normal references.</summary>
    public required double NormalMax { get; init; }

    /// <summary>Gets the mean raw score of the normal references.</summary>
    public required double NormalMean { get; init; }

    /// <summary>Gets how many normal scores the calibration was fitted on.</summary>
    public required int SampleCount { get; init; }

    /// <summary>Fits a calibration from the raw scores of normal observations.</summary>
    /// <param name="normalScores">Raw scores of normal observations (at least one, all finite and non-negative).</param>
    /// <param name="margin">Threshold margin above the largest normal score, in units of their spread; 0 puts the threshold at the maximum.</param>
    /// <returns>The calibration.</returns>
    public static ScoreCalibration Fit(IReadOnlyList<double> normalScores, double margin)
    {
        ArgumentNullException.ThrowIfNull(normalScores);
        if (normalScores.Count == 0)
        {
            throw new ArgumentException("At least one normal score is needed to calibrate.", nameof(normalScores));
        }

        if (normalScores.Any(s => !double.IsFinite(s) || s < 0))
        {
            throw new ArgumentException("Normal scores must be finite and non-negative.", nameof(normalScores));
        }

        if (!double.IsFinite(margin))
        {
            throw new ArgumentOutOfRangeException(nameof(margin), margin, "The margin must be finite.");
        }

        double mean = normalScores.Average();
        double max = normalScores.Max();
        // One score cannot show how much normal parts vary: assume a wider spread (20% of the score) than the floor (10%) that
        // keeps two nearly equal scores from producing a razor-thin threshold.
        double spread = normalScores.Count >= 2
            ? Math.Max(Math.Sqrt(normalScores.Sum(s => (s - mean) * (s - mean)) / (normalScores.Count - 1)), 0.1 * mean)
            : 0.2 * mean;
        if (spread <= 0)
        {
            spread = 1e-6;
        }

        double threshold = Math.Max(max + (margin * spread), 1e-9);
        return new ScoreCalibration { Threshold = threshold, Scale = spread, NormalMax = max, NormalMean = mean, SampleCount = normalScores.Count };
    }

    /// <summary>Creates a calibration with a threshold chosen elsewhere (for example between normal and synthetic-defect scores);
    /// the scale is the normal scores' spread as in <see cref="Fit"/>.</summary>
    /// <param name="normalScores">Raw scores of normal observations (at least one, all finite and non-negative).</param>
    /// <param name="threshold">The raw score that maps to 0.5 (finite; raised to a tiny positive value when not positive).</param>
    /// <returns>The calibration.</returns>
    public static ScoreCalibration WithThreshold(IReadOnlyList<double> normalScores, double threshold)
    {
        ScoreCalibration fitted = Fit(normalScores, 0);
        if (!double.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be finite.");
        }

        return fitted with { Threshold = Math.Max(threshold, 1e-9) };
    }

    /// <summary>Gets the spread (standard deviation with a floor) of normal scores, as <see cref="Fit"/> uses it.</summary>
    /// <param name="normalScores">Raw scores of normal observations (at least one).</param>
    /// <returns>The spread (positive).</returns>
    public static double Spread(IReadOnlyList<double> normalScores) => Fit(normalScores, 0).Scale;

    /// <summary>Maps a raw score to [0, 1]; the threshold maps to 0.5.</summary>
    /// <param name="raw">The raw score.</param>
    /// <returns>The calibrated score.</returns>
    public double Calibrate(double raw) => 1.0 / (1.0 + Math.Exp(-(raw - Threshold) / Scale));

    /// <summary>Maps raw values to calibrated ones in place (single precision, SIMD; agrees with <see cref="Calibrate"/> to
    /// about 1e-6).</summary>
    /// <param name="values">The values.</param>
    public void CalibrateInPlace(Span<float> values)
    {
        TensorPrimitives.Subtract(values, (float)Threshold, values);
        TensorPrimitives.Multiply(values, (float)(1 / Scale), values);
        TensorPrimitives.Sigmoid(values, values);
    }
}
