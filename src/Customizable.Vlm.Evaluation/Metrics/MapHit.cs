namespace Customizable.Vlm.Evaluation.Metrics;

/// <summary>
/// Whether an anomaly map's maximum falls inside the ground-truth mask ("hit rate" per image), read on the same evaluation grid
/// as pixel AUROC and AU-PRO (see <see cref="EvaluationOptions.PixelResolution"/>).
/// </summary>
/// <remarks>
/// <para>Ties: when several grid pixels share the maximum, the image counts the fraction of them that lie inside the mask (the
/// expected hit of breaking the tie at random), so a flat map scores the mask's area fraction rather than a lucky first pixel.</para>
/// <para>Stateless and thread-safe.</para>
/// </remarks>
internal static class MapHit
{
    /// <summary>The hit of one image.</summary>
    /// <param name="scores">The map on the grid, row-major (higher is more anomalous; NaN values are ignored).</param>
    /// <param name="groundTruth">The mask on the same grid, row-major (true = anomalous).</param>
    /// <returns>1 when the maximum lies inside the mask, 0 when outside, the inside fraction of tied maxima in between; null when
    /// the mask marks no pixel or the map has no number.</returns>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double? Of(ReadOnlySpan<float> scores, ReadOnlySpan<bool> groundTruth)
    {
        if (scores.Length != groundTruth.Length)
        {
            throw new ArgumentException($"{scores.Length} map values but {groundTruth.Length} mask pixels.", nameof(groundTruth));
        }

        if (!groundTruth.Contains(true))
        {
            return null;
        }

        float max = float.NegativeInfinity;
        int tied = 0, inside = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            float s = scores[i];
            if (float.IsNaN(s) || s < max)
            {
                continue;
            }

            if (s > max)
            {
                max = s;
                tied = 0;
                inside = 0;
            }

            tied++;
            inside += groundTruth[i] ? 1 : 0;
        }

        return tied == 0 ? null : (double)inside / tied;
    }
}
