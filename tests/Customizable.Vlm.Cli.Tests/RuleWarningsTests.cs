using Customizable.Vlm.Evaluation.Tests.Support;
using Customizable.Vlm.Onnx;

namespace Customizable.Vlm.Cli.Tests;

public sealed class RuleWarningsTests : IDisposable
{
    private readonly FeatureReasoner _embedded = new();

    [Fact]
    public void Plain_text_rules_for_the_embedded_reasoner_get_a_warning_that_counts_them_and_names_the_machine_checks()
    {
        NormalityRule[] rules = [new("Scratches are defects."), new("Spots up to 5% are fine.") { MaxDefectAreaFraction = 0.05 }];

        string? warning = RuleWarnings.ForReasoner(_embedded, rules);

        Assert.NotNull(warning);
        Assert.Contains("1 of the 2 rules given are plain text only", warning, StringComparison.Ordinal);
        Assert.Contains("passed to vision-language reasoners", warning, StringComparison.Ordinal);
        Assert.Contains("max_defect_area_fraction and ignore_regions", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Machine_checkable_rules_or_another_reasoner_or_no_rules_need_no_warning()
    {
        NormalityRule[] checkable =
        [
            new("Spots up to 5% are fine.") { MaxDefectAreaFraction = 0.05 },
            new("The label area is ignored.") { IgnoreRegions = [new PixelRect(0, 0, 8, 8)] },
        ];
        using var other = new BrightnessReasoner();

        Assert.Null(RuleWarnings.ForReasoner(_embedded, checkable));
        Assert.Null(RuleWarnings.ForReasoner(other, [new NormalityRule("Scratches are defects.")]));
        Assert.Null(RuleWarnings.ForReasoner(_embedded, []));
    }

    [Fact]
    public void The_embedded_reasoner_is_recognised_through_a_wrapper()
    {
        var wrapped = new PassThroughReasoner(_embedded);

        string? warning = RuleWarnings.ForReasoner(wrapped, [new NormalityRule("Scratches are defects.")]);

        Assert.NotNull(warning);
        Assert.Contains("the 1 rule given is plain text only", warning, StringComparison.Ordinal);
    }

    public void Dispose() => _embedded.Dispose();

    private sealed class PassThroughReasoner(IAnomalyReasoner inner) : DelegatingAnomalyReasoner(inner);
}
