using System.Globalization;
using Customizable.Vlm.Anomaly;

namespace Customizable.Vlm.Onnx.Tuning;

/// <summary>
/// Sets the decision of a model with several view slots (a point cloud's cameras, a video's frame and motion views) on the score it
/// is actually decided by: the largest of the views' calibrated scores.
/// </summary>
/// <remarks>
/// <para>Each slot's threshold is chosen from that slot's held-out normal scores alone, so a normal observation exceeds it in about
/// as many views as the rule flags normal views (by construction the rule sits near the middle of the normal scores). Flagging an
/// observation when <em>any</em> of its views exceeds its threshold then flags almost every normal observation: six independent views
/// that each flag 40% of normal views flag a normal cloud about 95% of the time (1 - 0.6^6), close to what the cloud evaluations
/// measured (16 of 18 normal clouds flagged with four references, docs/point-clouds.md).</para>
/// <para>The held-out scores of one calibration entry are those of the same normal observation in every slot (the slots' views come
/// in reference order), so each entry has a fused normal score, the largest of its slots' scores; a synthetic defect
/// planted in one slot's view has the fused score of that view and the same entry's normal views in the other slots. Scores are
/// fused in each slot's own units (spreads above its threshold, where the calibrated score is the logistic of that), the rule of
/// <see cref="ThresholdRule"/> is applied to the fused scores, and every slot's threshold is moved by the same number of its own
/// spreads, so that the largest calibrated view score reaches 0.5 exactly when the fused score reaches the fused threshold, and the
/// ranking of observations does not change.</para>
/// </remarks>
internal static class ViewFusionThreshold
{
    /// <summary>Moves every slot's threshold so that the largest calibrated view score is decided by the rule on fused scores.</summary>
    /// <param name="calibrations">Each slot's calibration, its threshold chosen from that slot's scores without a margin.</param>
    /// <param name="normal">Per slot, the raw held-out normal scores, entry <c>i</c> of every slot from the same observation.</param>
    /// <param name="defects">Per slot, the raw synthetic-defect scores, <paramref name="defectsPerEntry"/> per normal entry, in
    /// entry order.</param>
    /// <param name="defectsPerEntry">How many defects were planted per normal entry.</param>
    /// <param name="margin">The user's shift, in spreads of each slot's held-out normal scores, as for a single slot (negative flags
    /// more).</param>
    /// <returns>The moved calibrations and the rule in words; null when the slots' entries do not line up (different counts), so
    /// that each slot keeps its own threshold.</returns>
    public static (ScoreCalibration[] Calibrations, string Rule)? Fuse(IReadOnlyList<ScoreCalibration> calibrations, IReadOnlyList<IReadOnlyList<double>> normal, IReadOnlyList<IReadOnlyList<double>> defects, int defectsPerEntry, double margin)
    {
        ArgumentNullException.ThrowIfNull(calibrations);
        ArgumentNullException.ThrowIfNull(normal);
        ArgumentNullException.ThrowIfNull(defects);
        int slots = calibrations.Count;
        if (slots < 2 || normal.Count != slots || defects.Count != slots)
        {
            return null;
        }

        int entries = normal[0].Count;
        if (entries == 0 || normal.Any(n => n.Count != entries))
        {
            return null;
        }

        bool withDefects = defectsPerEntry > 0 && defects.All(d => d.Count == entries * defectsPerEntry);
        if (!withDefects && defects.Any(d => d.Count > 0))
        {
            return null;
        }

        // Each raw score in its slot's own units: how many of the slot's scales (the spread of its held-out normal scores) it lies
        // above the slot's threshold. On that scale every slot's threshold is 0 and one margin unit is one spread, as in the per-slot
        // rule; the calibrated score of a view is the logistic of it, so the largest calibrated score is that of the largest z.
        var z = new double[slots][];
        for (int s = 0; s < slots; s++)
        {
            ScoreCalibration c = calibrations[s];
            z[s] = [.. normal[s].Select(raw => (raw - c.Threshold) / c.Scale)];
        }

        double[] fusedNormal = new double[entries];
        for (int e = 0; e < entries; e++)
        {
            fusedNormal[e] = Enumerable.Range(0, slots).Max(s => z[s][e]);
        }

        var fusedDefects = new List<double>();
        if (withDefects)
        {
            for (int s = 0; s < slots; s++)
            {
                ScoreCalibration c = calibrations[s];
                for (int i = 0; i < defects[s].Count; i++)
                {
                    int e = i / defectsPerEntry;
                    double fused = (defects[s][i] - c.Threshold) / c.Scale;
                    for (int u = 0; u < slots; u++)
                    {
                        fused = u == s ? fused : Math.Max(fused, z[u][e]);
                    }

                    fusedDefects.Add(fused);
                }
            }
        }

        // The threshold rule of ThresholdRule on the fused scores: a quarter of the way from their mean to the weakest synthetic defects
        // (10th percentile), or one spread above the largest when no defect could be planted; plus the margin, in spreads.
        double mean = fusedNormal.Average();
        string rule;
        double shift;
        if (fusedDefects.Count > 0)
        {
            shift = ThresholdRule.TowardsWeakDefects(mean, fusedDefects) + margin;
            rule = string.Create(CultureInfo.InvariantCulture, $"a quarter of the way from the mean of {entries} held-out observations' largest view scores to the 10th percentile of {fusedDefects.Count} synthetic-defect observations'");
        }
        else
        {
            shift = fusedNormal.Max() + 1 + margin;
            rule = string.Create(CultureInfo.InvariantCulture, $"one spread above the largest of {entries} held-out observations' largest view scores (no synthetic defect could be planted)");
        }

        ScoreCalibration[] moved = [.. calibrations.Select(c => c with { Threshold = Math.Max(c.Threshold + (shift * c.Scale), 1e-9) })];
        double flaggedBefore = fusedNormal.Count(v => v >= 0) / (double)entries;
        double flaggedAfter = fusedNormal.Count(v => v >= shift) / (double)entries;
        string shifted = margin == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", shifted by {margin:+0.##;-0.##} spread(s)");
        return (moved, string.Create(
            CultureInfo.InvariantCulture,
            $"then every one of the {slots} view slots' thresholds moved by {shift:+0.00;-0.00} of its spreads, so that an observation is decided by its largest view score: {rule}{shifted} (held-out normal observations flagged: {flaggedBefore:P0} with each slot's own threshold, {flaggedAfter:P0} after)"));
    }
}
