using Customizable.Vlm.Anomaly;
using Customizable.Vlm.Onnx.Tuning;
using Xunit.Abstractions;

namespace Customizable.Vlm.Onnx.Tests.Tuning;

/// <summary>The decision of a model with several view slots is set on the largest calibrated view score (what an observation is
/// decided by), not slot by slot.</summary>
public sealed class ViewFusionThresholdTests(ITestOutputHelper output)
{
    private const int Slots = 6;
    private const int DefectsPerEntry = 3;

    [Fact]
    public void Per_slot_thresholds_flag_most_normal_observations_of_six_views_and_the_fused_one_does_not()
    {
        var random = new Random(5);
        (ScoreCalibration[] perSlot, double[][] normal, double[][] defects) = Calibrate(random, entries: 8);

        var fusion = ViewFusionThreshold.Fuse(perSlot, normal, defects, DefectsPerEntry, margin: 0);

        Assert.NotNull(fusion);
        // New normal observations from the same distribution: six normal views each.
        double[][] fresh = [.. Enumerable.Range(0, 2000).Select(_ => NormalViews(random))];
        double before = fresh.Count(views => Decide(perSlot, views)) / (double)fresh.Length;
        double after = fresh.Count(views => Decide(fusion.Value.Calibrations, views)) / (double)fresh.Length;
        output.WriteLine($"normal observations flagged: per-slot thresholds {before:P1}, fused {after:P1}; {fusion.Value.Rule}");
        Assert.True(before > 0.8, $"per-slot thresholds flagged {before:P0} of normal observations");
        Assert.True(after < 0.6, $"fused thresholds flagged {after:P0} of normal observations");
        // An observation with one clearly deviating view (a defect seen by one camera) is still flagged.
        double[] dented = NormalViews(random);
        dented[2] = 3.0;
        Assert.True(Decide(fusion.Value.Calibrations, dented));
        Assert.Contains("largest view score", fusion.Value.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void The_moved_thresholds_decide_exactly_as_the_fused_threshold_on_the_largest_calibrated_score()
    {
        var random = new Random(11);
        (ScoreCalibration[] perSlot, double[][] normal, double[][] defects) = Calibrate(random, entries: 5);
        ScoreCalibration[] moved = ViewFusionThreshold.Fuse(perSlot, normal, defects, DefectsPerEntry, margin: 0)!.Value.Calibrations;

        // Every slot moved by the same number of its own scales, so the largest moved score is a monotone function of the largest
        // per-slot score: the ranking of observations is unchanged.
        double[][] observations = [.. Enumerable.Range(0, 300).Select(_ => NormalViews(random).Select(v => v * (0.8 + (0.6 * random.NextDouble()))).ToArray())];
        double[] original = [.. observations.Select(o => Fused(perSlot, o))];
        double[] after = [.. observations.Select(o => Fused(moved, o))];
        int[] byOriginal = [.. Enumerable.Range(0, observations.Length).OrderBy(i => original[i])];
        for (int i = 1; i < byOriginal.Length; i++)
        {
            Assert.True(after[byOriginal[i]] >= after[byOriginal[i - 1]] - 1e-12);
        }

        double shift = (moved[0].Threshold - perSlot[0].Threshold) / perSlot[0].Scale;
        for (int s = 1; s < Slots; s++)
        {
            Assert.Equal(shift, (moved[s].Threshold - perSlot[s].Threshold) / perSlot[s].Scale, 9);
            Assert.Equal(perSlot[s].Scale, moved[s].Scale);
        }
    }

    [Fact]
    public void A_positive_margin_flags_fewer_observations_and_a_negative_one_more()
    {
        var random = new Random(3);
        (ScoreCalibration[] perSlot, double[][] normal, double[][] defects) = Calibrate(random, entries: 8);

        double At(double margin) => ViewFusionThreshold.Fuse(perSlot, normal, defects, DefectsPerEntry, margin)!.Value.Calibrations[0].Threshold;

        Assert.True(At(-1) < At(0) && At(0) < At(1), $"{At(-1)} < {At(0)} < {At(1)}");
    }

    [Fact]
    public void Slots_whose_entries_do_not_line_up_keep_their_own_thresholds()
    {
        var random = new Random(1);
        (ScoreCalibration[] perSlot, double[][] normal, double[][] defects) = Calibrate(random, entries: 4);

        double[][] shortNormal = [.. normal.Select((n, s) => s == 3 ? n[..3] : n)];
        double[][] shortDefects = [.. defects.Select((d, s) => s == 3 ? d[..^1] : d)];

        Assert.Null(ViewFusionThreshold.Fuse(perSlot, shortNormal, defects, DefectsPerEntry, 0));
        Assert.Null(ViewFusionThreshold.Fuse(perSlot, normal, shortDefects, DefectsPerEntry, 0));
        Assert.Null(ViewFusionThreshold.Fuse(perSlot[..1], normal[..1], defects[..1], DefectsPerEntry, 0));
        // Without any planted defect the rule still applies to the fused normal scores.
        Assert.NotNull(ViewFusionThreshold.Fuse(perSlot, normal, [.. normal.Select(_ => Array.Empty<double>())], DefectsPerEntry, 0));
    }

    /// <summary>Six slots whose held-out normal raw scores are about 1 (spread 0.1) and whose planted defects score 1.1 to 1.6
    /// (barely above normal variation, as on real scans); each slot calibrated on its own, as customization does before fusing.</summary>
    private static (ScoreCalibration[] PerSlot, double[][] Normal, double[][] Defects) Calibrate(Random random, int entries)
    {
        double[][] normal = [.. Enumerable.Range(0, Slots).Select(_ => new double[entries])];
        for (int e = 0; e < entries; e++)
        {
            double[] views = NormalViews(random);
            for (int s = 0; s < Slots; s++)
            {
                normal[s][e] = views[s];
            }
        }

        double[][] defects = [.. Enumerable.Range(0, Slots).Select(_ => Enumerable.Range(0, entries * DefectsPerEntry).Select(_ => 1.1 + (0.5 * random.NextDouble())).ToArray())];
        ScoreCalibration[] perSlot = [.. Enumerable.Range(0, Slots).Select(s => ScoreCalibration.WithThreshold(normal[s], ThresholdRule.Choose(normal[s], defects[s], 0).Threshold))];
        return (perSlot, normal, defects);
    }

    /// <summary>One normal observation's six raw view scores: independent, mean 1, spread 0.1.</summary>
    private static double[] NormalViews(Random random) =>
        [.. Enumerable.Range(0, Slots).Select(_ => 1 + (0.1 * Gaussian(random)))];

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double Fused(IReadOnlyList<ScoreCalibration> calibrations, double[] views) =>
        views.Select((v, s) => calibrations[s].Calibrate(v)).Max();

    private static bool Decide(IReadOnlyList<ScoreCalibration> calibrations, double[] views) => Fused(calibrations, views) >= 0.5;
}
