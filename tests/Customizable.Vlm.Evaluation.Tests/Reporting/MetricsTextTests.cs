using Customizable.Vlm.Evaluation.Metrics;
using Customizable.Vlm.Evaluation.Reporting;

namespace Customizable.Vlm.Evaluation.Tests.Reporting;

public class MetricsTextTests
{
    [Fact]
    public void The_f1_max_line_says_when_it_is_the_flag_everything_value_and_only_then()
    {
        EvaluationMetrics trivial = Metrics(new F1MaxResult(0.8, 0.1), f1Trivial: 0.8, isTrivial: true, new ConfusionCounts(2, 1, 0, 4));
        EvaluationMetrics separating = Metrics(new F1MaxResult(0.9, 0.6), f1Trivial: 0.8, isTrivial: false, new ConfusionCounts(3, 0, 1, 3));

        Assert.Equal("0.800 (0.100) = flag-everything value", MetricsText.F1Max(trivial));
        Assert.Equal("0.900 (0.600)", MetricsText.F1Max(separating));
    }

    [Fact]
    public void The_decision_f1_is_printed_with_its_ratio_to_the_f1_max()
    {
        // 3 TP, 0 FP, 3 FN: F1 = 6 / 9.
        EvaluationMetrics m = Metrics(new F1MaxResult(0.9, 0.6), f1Trivial: 0.8, isTrivial: false, new ConfusionCounts(3, 0, 1, 3));

        Assert.Equal("0.667 (0.74x F1-max)", MetricsText.DecisionF1(m));
        Assert.Equal("n/a", MetricsText.DecisionF1(Metrics(null, null, false, new ConfusionCounts(0, 0, 4, 0))));
    }

    [Fact]
    public void The_hit_rate_names_how_many_images_it_was_measured_on()
    {
        Assert.Equal("0.625 (8 images)", MetricsText.HitRate(0.625, 8));
        Assert.Equal("1.000 (1 image)", MetricsText.HitRate(1, 1));
        Assert.Equal("n/a", MetricsText.HitRate(null, 0));
    }

    private static EvaluationMetrics Metrics(F1MaxResult? f1Max, double? f1Trivial, bool isTrivial, ConfusionCounts confusion) => new()
    {
        Category = "part",
        Layout = "mvtec",
        Shots = 1,
        Seed = 0,
        Reasoner = "default",
        NormalCount = confusion.FalsePositives + confusion.TrueNegatives,
        AnomalousCount = confusion.TruePositives + confusion.FalseNegatives,
        PerDefectType = new Dictionary<string, DefectTypeMetrics>(),
        F1Max = f1Max,
        F1Trivial = f1Trivial,
        F1MaxIsTrivial = isTrivial,
        Confusion = confusion,
    };
}
