using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Onnx.Tests.Tuning;

[Collection(SharedReasoner.Name)]
public sealed class SelfTuningTests
{
    private readonly ReasonerFixture _fixture;

    public SelfTuningTests(ReasonerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task With_a_budget_customization_tries_every_open_setting_and_keeps_the_default_unless_another_is_clearly_better()
    {
        FeatureReasonerOptions options = ReasonerFixture.DefaultOptions();
        options.SelfTuningBudget = TimeSpan.FromSeconds(60);
        using var reasoner = new FeatureReasoner(options);
        var model = (FeatureReferenceModel)(await new AnomalyInspector(reasoner).CustomizeAsync(ReasonerFixture.NewSpec())).ReferenceModel!;
        FeatureTuningReport report = model.Tuning!;

        // Square views: stretch and centre crop, each with raw and unit-length features (letterbox only for elongated views).
        Assert.Equal(4, report.Candidates.Count);
        Assert.DoesNotContain(report.Candidates, c => c.ResizeMode == TensorResizeMode.Letterbox);
        // The first candidate is the measured default; another replaces it only when its objective is at least 0.1 higher.
        FeatureTuningCandidate first = report.Candidates[0];
        FeatureTuningCandidate best = report.Candidates.Skip(1).Where(c => c.Objective >= first.Objective + 0.1).MaxBy(c => c.Objective) ?? first;
        Assert.Equal("stretch+l2", first.Name);
        Assert.Equal(best.Name, report.Chosen);
        Assert.Equal((best.ResizeMode, best.NormalizeFeatures), (model.ResizeMode, model.NormalizeFeatures));
        Assert.All(report.Candidates, c => Assert.InRange(c.SyntheticAuroc, 0, 1));
        Assert.Equal(12, report.SyntheticDefects);
        Assert.Equal(3, report.HeldOutReferences);
    }

    [Fact]
    public async Task The_threshold_sits_between_the_held_out_normal_scores_and_the_synthetic_defect_scores()
    {
        var model = (FeatureReferenceModel)(await _fixture.GetProfileAsync()).ReferenceModel!;
        FeatureThresholdEvidence evidence = Assert.Single(model.Tuning!.Thresholds);

        // Five references, all used for calibration, three synthetic defects planted on each.
        Assert.Equal(ReasonerFixture.ReferenceSeeds.Length, evidence.NormalScores.Count);
        Assert.Equal(3 * ReasonerFixture.ReferenceSeeds.Length, evidence.DefectScores.Count);
        Assert.InRange(evidence.Threshold, evidence.NormalScores.Min(), evidence.DefectScores.Max());
        Assert.Equal(evidence.Threshold, model.SlotMemories[0].Calibration.Threshold, 12);
    }

    [Fact]
    public async Task Pinned_settings_are_used_as_given_and_nothing_is_tried()
    {
        FeatureReasonerOptions options = ReasonerFixture.DefaultOptions();
        options.ResizeMode = TensorResizeMode.ShorterSideThenCenterCrop;
        options.NormalizeFeatures = false;
        using var reasoner = new FeatureReasoner(options);

        var model = (FeatureReferenceModel)(await new AnomalyInspector(reasoner).CustomizeAsync(ReasonerFixture.NewSpec())).ReferenceModel!;

        Assert.Equal((TensorResizeMode.ShorterSideThenCenterCrop, false), (model.ResizeMode, model.NormalizeFeatures));
        Assert.Empty(model.Tuning!.Candidates);
        Assert.NotEmpty(model.Tuning.Thresholds[0].DefectScores);
    }

    [Theory]
    [InlineData(TensorResizeMode.Letterbox, null, TensorResizeMode.Letterbox, true)]
    [InlineData(TensorResizeMode.ShorterSideThenCenterCrop, null, TensorResizeMode.ShorterSideThenCenterCrop, true)]
    [InlineData(null, false, TensorResizeMode.Stretch, false)]
    public async Task Without_tuning_one_pinned_setting_holds_and_the_other_takes_the_measured_default(
        TensorResizeMode? pinnedMode, bool? pinnedNormalize, TensorResizeMode expectedMode, bool expectedNormalize)
    {
        // Regression: pinning only one of the two once fell back to stretch + unit-length features for both.
        FeatureReasonerOptions options = ReasonerFixture.DefaultOptions();
        options.ResizeMode = pinnedMode;
        options.NormalizeFeatures = pinnedNormalize;
        using var reasoner = new FeatureReasoner(options);

        var model = (FeatureReferenceModel)(await new AnomalyInspector(reasoner).CustomizeAsync(ReasonerFixture.NewSpec())).ReferenceModel!;

        Assert.Equal((expectedMode, expectedNormalize), (model.ResizeMode, model.NormalizeFeatures));
        Assert.Empty(model.Tuning!.Candidates);
    }

    [Fact]
    public async Task By_default_the_choice_is_off_and_unpinned_settings_take_the_measured_default()
    {
        Assert.Equal(TimeSpan.Zero, new FeatureReasonerOptions().SelfTuningBudget);
        var model = (FeatureReferenceModel)(await _fixture.GetProfileAsync()).ReferenceModel!;

        Assert.Equal((TensorResizeMode.Stretch, true), (model.ResizeMode, model.NormalizeFeatures));
        Assert.Empty(model.Tuning!.Candidates);
    }

    [Fact]
    public async Task With_one_reference_the_threshold_comes_from_shifted_stand_ins_and_defects_planted_on_them()
    {
        var spec = new InspectionSpec();
        spec.References.Add(SyntheticParts.Normal(1).ToObservation("only"));

        InspectionProfile profile = await _fixture.Inspector.CustomizeAsync(spec);
        var model = (FeatureReferenceModel)profile.ReferenceModel!;
        FeatureThresholdEvidence evidence = Assert.Single(model.Tuning!.Thresholds);

        Assert.Equal(4, evidence.NormalScores.Count);
        Assert.Equal(12, evidence.DefectScores.Count);
        Assert.True(evidence.DefectScores.Average() > evidence.NormalScores.Average(), $"defects {evidence.DefectScores.Average():0.000}, normals {evidence.NormalScores.Average():0.000}");
        AnomalyVerdict defect = await _fixture.Inspector.InspectAsync(profile, ReasonerFixture.Defect(DefectKind.DarkBlob).ToObservation("blob"));
        Assert.True(defect.IsAnomalous, defect.ToString());
    }

    [Fact]
    public void A_negative_budget_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureReasonerOptions { SelfTuningBudget = TimeSpan.FromSeconds(-1) }.Validate());

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(20.001)]
    [InlineData(-1e308)]
    public void A_threshold_margin_beyond_twenty_spreads_is_refused(double margin) =>
        Assert.Equal(nameof(FeatureReasonerOptions.ThresholdMargin), Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureReasonerOptions { ThresholdMargin = margin }.Validate()).ParamName);

    [Theory]
    [InlineData(-20)]
    [InlineData(20)]
    public void A_threshold_margin_of_twenty_spreads_is_accepted(double margin) => new FeatureReasonerOptions { ThresholdMargin = margin }.Validate();
}
