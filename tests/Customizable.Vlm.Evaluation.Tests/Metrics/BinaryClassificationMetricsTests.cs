using Customizable.Vlm.Evaluation.Metrics;

namespace Customizable.Vlm.Evaluation.Tests.Metrics;

public class BinaryClassificationMetricsTests
{
    // The classic four-item example: labels 0 0 1 1, scores 0.1 0.4 0.35 0.8.
    private static readonly double[] ClassicScores = [0.1, 0.4, 0.35, 0.8];
    private static readonly bool[] ClassicLabels = [false, false, true, true];

    [Fact]
    public void Auroc_of_a_perfect_ranking_is_one_and_of_an_inverted_one_zero()
    {
        Assert.Equal(1.0, BinaryClassificationMetrics.Auroc([0.1, 0.2, 0.8, 0.9], [false, false, true, true]));
        Assert.Equal(0.0, BinaryClassificationMetrics.Auroc([0.9, 0.8, 0.2, 0.1], [false, false, true, true]));
    }

    [Fact]
    public void Auroc_of_the_classic_example_is_three_quarters()
    {
        // Pairs (anomalous, normal): 0.35 beats 0.1 but not 0.4; 0.8 beats both: 3 of 4.
        Assert.Equal(0.75, BinaryClassificationMetrics.Auroc(ClassicScores, ClassicLabels));
    }

    [Fact]
    public void Auroc_counts_a_tied_pair_as_one_half()
    {
        // Pairs: 0.5 vs 0.2 -> 1, 0.5 vs 0.5 -> 1/2, 0.9 vs both -> 2: 3.5 of 4.
        Assert.Equal(0.875, BinaryClassificationMetrics.Auroc([0.2, 0.5, 0.5, 0.9], [false, false, true, true]));
        Assert.Equal(0.5, BinaryClassificationMetrics.Auroc([0.5, 0.5, 0.5, 0.5], [false, true, false, true]));
    }

    [Fact]
    public void Auroc_does_not_depend_on_the_order_of_the_items()
    {
        Assert.Equal(0.75, BinaryClassificationMetrics.Auroc([0.8, 0.1, 0.35, 0.4], [true, false, true, false]));
    }

    [Fact]
    public void Auroc_is_null_when_all_items_are_normal_or_all_anomalous_or_none()
    {
        Assert.Null(BinaryClassificationMetrics.Auroc([0.1, 0.9], [false, false]));
        Assert.Null(BinaryClassificationMetrics.Auroc([0.1, 0.9], [true, true]));
        Assert.Null(BinaryClassificationMetrics.Auroc([], []));
    }

    [Fact]
    public void Average_precision_of_the_classic_example_is_five_sixths()
    {
        // Thresholds from the top: 0.8 (P 1, R 0.5), 0.4 (no recall gained), 0.35 (P 2/3, R 1): 0.5 * 1 + 0.5 * 2/3.
        Assert.Equal(5.0 / 6.0, BinaryClassificationMetrics.AveragePrecision(ClassicScores, ClassicLabels)!.Value, 12);
    }

    [Fact]
    public void Average_precision_treats_tied_scores_as_one_threshold()
    {
        // One step: precision 2/4 at recall 1.
        Assert.Equal(0.5, BinaryClassificationMetrics.AveragePrecision([0.5, 0.5, 0.5, 0.5], [true, false, false, true]));
    }

    [Fact]
    public void Average_precision_is_one_when_all_items_are_anomalous_and_null_when_none_is()
    {
        Assert.Equal(1.0, BinaryClassificationMetrics.AveragePrecision([0.2, 0.7], [true, true]));
        Assert.Null(BinaryClassificationMetrics.AveragePrecision([0.2, 0.7], [false, false]));
    }

    [Fact]
    public void F1_max_of_the_classic_example_is_four_fifths_at_threshold_0_35()
    {
        // At >= 0.35: TP 2, FP 1, FN 0 -> 2*2 / (2*2 + 1) = 0.8; the other thresholds give 2/3, 1/2 and 2/3.
        F1MaxResult result = BinaryClassificationMetrics.F1Max(ClassicScores, ClassicLabels)!.Value;

        Assert.Equal(0.8, result.F1, 12);
        Assert.Equal(0.35, result.Threshold);
    }

    [Fact]
    public void F1_max_with_ties_uses_the_tied_score_as_one_threshold()
    {
        // At >= 0.9: 2/3; at >= 0.3 (both tied items flagged): TP 2, FP 1 -> 0.8.
        F1MaxResult result = BinaryClassificationMetrics.F1Max([0.3, 0.3, 0.9], [true, false, true])!.Value;

        Assert.Equal(0.8, result.F1, 12);
        Assert.Equal(0.3, result.Threshold);
    }

    [Fact]
    public void F1_max_reports_the_highest_of_equally_good_thresholds()
    {
        // 2/3 at >= 0.9 and again at >= 0.1.
        F1MaxResult result = BinaryClassificationMetrics.F1Max([0.9, 0.8, 0.7, 0.1], [true, false, false, true])!.Value;

        Assert.Equal(2.0 / 3.0, result.F1, 12);
        Assert.Equal(0.9, result.Threshold);
    }

    [Fact]
    public void F1_max_is_null_without_anomalous_items()
    {
        Assert.Null(BinaryClassificationMetrics.F1Max([0.1, 0.9], [false, false]));
    }

    [Fact]
    public void Accuracy_and_confusion_count_the_decisions()
    {
        ConfusionCounts counts = BinaryClassificationMetrics.Confusion([true, false, true, false, false], [true, true, false, false, false]);

        Assert.Equal(new ConfusionCounts(1, 1, 2, 1), counts);
        Assert.Equal(0.6, counts.Accuracy);
        Assert.Equal(0.5, counts.TruePositiveRate);
        Assert.Equal(1.0 / 3.0, counts.FalsePositiveRate!.Value, 12);
        Assert.Equal(0.6, BinaryClassificationMetrics.Accuracy([true, false, true, false, false], [true, true, false, false, false]));
    }

    [Fact]
    public void Accuracy_of_nothing_is_null_and_rates_without_a_class_are_null()
    {
        Assert.Null(BinaryClassificationMetrics.Accuracy([], []));
        ConfusionCounts allNormal = BinaryClassificationMetrics.Confusion([false, true], [false, false]);
        Assert.Null(allNormal.TruePositiveRate);
        Assert.Equal(0.5, allNormal.FalsePositiveRate);
    }

    [Fact]
    public void A_nan_score_or_mismatched_lengths_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => BinaryClassificationMetrics.Auroc([0.1, double.NaN], [false, true]));
        Assert.Throws<ArgumentException>(() => BinaryClassificationMetrics.AveragePrecision([0.1], [false, true]));
        Assert.Throws<ArgumentException>(() => BinaryClassificationMetrics.Confusion([true], [false, true]));
    }

    [Fact]
    public void The_flag_everything_f1_is_two_p_over_two_p_plus_n_and_equals_the_f1_max_of_uninformative_scores()
    {
        double[] constant = [0.3, 0.3, 0.3, 0.3, 0.3];
        bool[] labels = [true, true, false, true, false];

        Assert.Equal(6.0 / 8.0, BinaryClassificationMetrics.FlagEverythingF1(3, 2));
        Assert.Equal(BinaryClassificationMetrics.FlagEverythingF1(3, 2)!.Value, BinaryClassificationMetrics.F1Max(constant, labels)!.Value.F1, 12);
        Assert.Equal(1.0, BinaryClassificationMetrics.FlagEverythingF1(4, 0));
        Assert.Null(BinaryClassificationMetrics.FlagEverythingF1(0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => BinaryClassificationMetrics.FlagEverythingF1(-1, 2));
    }

    [Fact]
    public void The_f1_of_decisions_is_two_tp_over_two_tp_plus_fp_plus_fn_and_null_without_any_positive()
    {
        Assert.Equal(2.0 * 2 / ((2 * 2) + 1 + 3), new ConfusionCounts(2, 1, 5, 3).F1);
        Assert.Equal(0.0, new ConfusionCounts(0, 0, 5, 3).F1);
        Assert.Null(new ConfusionCounts(0, 0, 5, 0).F1);
    }
}
