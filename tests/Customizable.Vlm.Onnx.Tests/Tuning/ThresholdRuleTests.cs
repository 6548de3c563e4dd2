using Customizable.Vlm.Onnx.Tuning;
using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Onnx.Tests.Tuning;

public sealed class ThresholdRuleTests
{
    [Fact]
    public void The_threshold_sits_a_quarter_of_the_way_from_the_mean_normal_score_to_the_weakest_synthetic_defects()
    {
        (double threshold, string rule) = ThresholdRule.Choose([1.0, 1.1, 1.2], [2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0, 6.5, 7.0], margin: 0);

        // Mean normal 1.1; the 10th percentile of eleven defect scores (index floor(10 * 0.1) = 1 of the sorted scores) is 2.5.
        Assert.Equal(1.1 + (0.25 * (2.5 - 1.1)), threshold, 9);
        Assert.Contains("synthetic-defect", rule, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_margin_lowers_the_threshold_and_a_positive_one_raises_it()
    {
        double[] normal = [1.0, 1.1, 1.2], defects = [1.15, 2.0, 2.5];

        double at0 = ThresholdRule.Choose(normal, defects, 0).Threshold;
        double lower = ThresholdRule.Choose(normal, defects, -1).Threshold;
        double higher = ThresholdRule.Choose(normal, defects, 1).Threshold;

        Assert.True(lower < at0 && at0 < higher, $"{lower} < {at0} < {higher}");
    }

    [Fact]
    public void Without_defect_scores_the_threshold_sits_one_spread_above_the_largest_normal_score()
    {
        (double threshold, string rule) = ThresholdRule.Choose([1.0, 2.0], [], margin: 0);

        Assert.True(threshold > 2.0);
        Assert.Contains("no synthetic defect", rule, StringComparison.Ordinal);
    }
}
