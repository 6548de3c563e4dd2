namespace Customizable.Vlm.Onnx.Tests;

[Collection(SharedReasoner.Name)]
public class RulesAndOptionsTests
{
    private readonly ReasonerFixture _fixture;

    public RulesAndOptionsTests(ReasonerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task A_generous_area_rule_tolerates_a_small_defect_and_says_so()
    {
        InspectionProfile profile = await WithRulesAsync(new NormalityRule("Marks up to half the part are acceptable.") { Id = "generous", MaxDefectAreaFraction = 0.5 });

        AnomalyVerdict verdict = await _fixture.Inspector.InspectAsync(profile, ReasonerFixture.Defect(DefectKind.ColourSpot).ToObservation("spot"));

        Assert.False(verdict.IsAnomalous, verdict.ToString());
        Assert.True(verdict.Score < 0.5, verdict.ToString());
        Assert.NotEmpty(verdict.Regions);
        Assert.Contains("generous", verdict.Reasoning, StringComparison.Ordinal);
        Assert.Contains("tolerates", verdict.Reasoning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_strict_area_rule_keeps_the_defect_flagged_and_names_the_violation()
    {
        InspectionProfile profile = await WithRulesAsync(new NormalityRule("Only specks are acceptable.") { Id = "strict", MaxDefectAreaFraction = 0.0001 });

        AnomalyVerdict verdict = await _fixture.Inspector.InspectAsync(profile, ReasonerFixture.Defect(DefectKind.ColourSpot).ToObservation("spot"));

        Assert.True(verdict.IsAnomalous, verdict.ToString());
        Assert.True(verdict.Score >= 0.5);
        Assert.Contains("strict", verdict.Reasoning, StringComparison.Ordinal);
        Assert.Contains("violated", verdict.Reasoning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DefectKind.DarkBlob)]
    [InlineData(DefectKind.ColourSpot)]
    public async Task An_ignore_region_over_the_defect_removes_it_from_the_verdict(DefectKind kind)
    {
        SyntheticImage query = ReasonerFixture.Defect(kind);
        PixelRect plant = query.Plant!.Value;
        // The margin covers the feature receptive field and map smoothing around the mark (a defect raises the distances of
        // patches whose receptive field reaches it).
        const int margin = 56;
        var ignored = new PixelRect(plant.X - margin, plant.Y - margin, plant.Width + (2 * margin), plant.Height + (2 * margin));
        InspectionProfile profile = await WithRulesAsync(new NormalityRule("The fixture mark is not a defect.") { IgnoreRegions = [ignored] });

        AnomalyVerdict withDefect = await _fixture.Inspector.InspectAsync(profile, query.ToObservation("ignored"));
        AnomalyVerdict unrestricted = await _fixture.InspectDefectAsync(kind);

        // The defect no longer counts: no region touches it and the score falls far below the unrestricted one (what remains is
        // the rest of the part, judged as any part is).
        Assert.True(unrestricted.IsAnomalous, unrestricted.ToString());
        Assert.DoesNotContain(withDefect.Regions, r => !r.Box.Intersect(plant).IsEmpty);
        Assert.True(withDefect.Score < unrestricted.Score - 0.3, $"{withDefect} vs {unrestricted}");
        Assert.True(withDefect.Score < 0.75, withDefect.ToString());
    }

    [Fact]
    public async Task An_ignore_region_elsewhere_does_not_hide_the_defect()
    {
        InspectionProfile profile = await WithRulesAsync(new NormalityRule("The label is not a defect.") { IgnoreRegions = [new PixelRect(0, 0, 40, 40)] });

        AnomalyVerdict verdict = await _fixture.Inspector.InspectAsync(profile, ReasonerFixture.Defect(DefectKind.DarkBlob).ToObservation("blob"));

        Assert.True(verdict.IsAnomalous, verdict.ToString());
    }

    [Fact]
    public async Task A_reasoner_with_other_feature_options_rejects_the_default_reference_model()
    {
        InspectionProfile profile = await _fixture.GetProfileAsync();
        FeatureReasonerOptions options = ReasonerFixture.DefaultOptions();
        options.Backbone = FeatureBackboneOptions.ResNet18([ResNet18Layers.Layer2], ResNet18Fixture.CpuOptions());
        using var other = new FeatureReasoner(options);
        var inspector = new AnomalyInspector(other);

        Assert.NotEqual(_fixture.Reasoner.FeatureSignature, other.FeatureSignature);
        await Assert.ThrowsAsync<CustomizableVlmException>(() => inspector.InspectAsync(profile, SyntheticParts.Normal(201).ToObservation("normal")));
    }

    [Fact]
    public async Task A_reasoner_with_another_averaging_window_inspects_a_model_with_the_models_window()
    {
        InspectionProfile profile = await _fixture.GetProfileAsync();
        FeatureReasonerOptions options = ReasonerFixture.DefaultOptions();
        options.LocalAveragingKernel = 5;
        using var other = new FeatureReasoner(options);
        var inspector = new AnomalyInspector(other);
        Observation query = ReasonerFixture.Defect(DefectKind.DarkBlob).ToObservation("q");

        AnomalyVerdict verdict = await inspector.InspectAsync(profile, query);
        AnomalyVerdict expected = await _fixture.Inspector.InspectAsync(profile, query);

        Assert.NotEqual(_fixture.Reasoner.FeatureSignature, other.FeatureSignature);
        Assert.Equal(expected.Score, verdict.Score, 12);
        Assert.Equal(expected.Regions.Select(r => r.Box), verdict.Regions.Select(r => r.Box));
    }

    [Theory]
    [InlineData(nameof(FeatureReasonerOptions.LocalAveragingKernel))]
    [InlineData(nameof(FeatureReasonerOptions.TopKFraction))]
    [InlineData(nameof(FeatureReasonerOptions.BatchSize))]
    [InlineData(nameof(FeatureReasonerOptions.ProjectionDimensions))]
    [InlineData("Backbone.InputWidth")]
    public void Out_of_range_options_are_refused_by_validation(string which)
    {
        FeatureReasonerOptions options = ReasonerFixture.DefaultOptions();
        switch (which)
        {
            case nameof(FeatureReasonerOptions.LocalAveragingKernel): options.LocalAveragingKernel = 2; break;
            case nameof(FeatureReasonerOptions.TopKFraction): options.TopKFraction = 0; break;
            case nameof(FeatureReasonerOptions.BatchSize): options.BatchSize = 0; break;
            case nameof(FeatureReasonerOptions.ProjectionDimensions): options.ProjectionDimensions = -1; break;
            default: options.Backbone.InputWidth = 0; break;
        }

        Assert.ThrowsAny<ArgumentException>(options.Validate);
    }

    /// <remarks>Parts 203 and 204 sit a few pixels away from the reference, as the parts of the 5-reference tests do. Part 201,
    /// shifted so that a grid line appears along the bottom border, which the single reference never shows, scores above 0.5
    /// with one reference (see the report of this branch); with five references it does not.</remarks>
    [Theory]
    [InlineData(203)]
    [InlineData(204)]
    public async Task A_single_reference_is_enough_to_customize_and_a_shifted_normal_part_stays_below_the_threshold(int seed)
    {
        var spec = new InspectionSpec { References = [SyntheticParts.Normal(1).ToObservation("only")] };
        InspectionProfile profile = await _fixture.Inspector.CustomizeAsync(spec);

        AnomalyVerdict normal = await _fixture.Inspector.InspectAsync(profile, SyntheticParts.Normal(seed).ToObservation("normal"));
        AnomalyVerdict defect = await _fixture.Inspector.InspectAsync(profile, ReasonerFixture.Defect(DefectKind.DarkBlob).ToObservation("blob"));

        Assert.Equal(1, profile.ReferenceModel!.ReferenceCount);
        Assert.False(normal.IsAnomalous, normal.ToString());
        Assert.True(normal.Score < 0.5, normal.ToString());
        Assert.True(defect.IsAnomalous, defect.ToString());
        Assert.Contains("1 reference", normal.Reasoning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_profile_searches_a_projection_and_an_exact_profile_is_searched_exactly_by_the_same_reasoner()
    {
        InspectionProfile projected = await _fixture.GetProfileAsync();
        FeatureReasonerOptions exactOptions = ReasonerFixture.DefaultOptions();
        exactOptions.ProjectionDimensions = 0;
        using var exactReasoner = new FeatureReasoner(exactOptions);
        InspectionProfile exact = await new AnomalyInspector(exactReasoner).CustomizeAsync(ReasonerFixture.NewSpec());
        SyntheticImage blob = ReasonerFixture.Defect(DefectKind.DarkBlob);

        // The profile decides how to search: the default reasoner inspects the exact profile exactly.
        AnomalyVerdict byDefault = await _fixture.Inspector.InspectAsync(exact, blob.ToObservation("blob"));
        AnomalyVerdict byExact = await new AnomalyInspector(exactReasoner).InspectAsync(exact, blob.ToObservation("blob"));
        AnomalyVerdict approximate = await _fixture.Inspector.InspectAsync(projected, blob.ToObservation("blob"));

        var model = Assert.IsType<FeatureReferenceModel>(projected.ReferenceModel);
        Assert.Equal(new FeatureReasonerOptions().ProjectionDimensions, model.SlotMemories[0].Projection!.Components);
        Assert.Equal(model.SlotMemories[0].Projection!.OutputDimensions, model.SearchDimensions);
        var rotation = ((FeatureReferenceModel)exact.ReferenceModel!).SlotMemories[0].Projection!;
        Assert.True(rotation.IsRotation, "the exact search stores its bank in the references' principal axes (every component kept)");
        Assert.Equal(rotation.InputDimensions, rotation.OutputDimensions);
        Assert.Equal(byExact.Score, byDefault.Score);
        Assert.True(byExact.IsAnomalous == true && approximate.IsAnomalous == true, $"exact: {byExact}; projected: {approximate}");
    }

    [Fact]
    public async Task A_pre_cancelled_token_cancels_customizing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _fixture.Inspector.CustomizeAsync(ReasonerFixture.NewSpec(), cancelled.Token));
    }

    [Fact]
    public async Task A_pre_cancelled_token_cancels_inspecting()
    {
        InspectionProfile profile = await _fixture.GetProfileAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _fixture.Inspector.InspectAsync(profile, SyntheticParts.Normal(201).ToObservation("n"), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _fixture.Inspector.InspectManyAsync(profile, [SyntheticParts.Normal(201).ToObservation("n")], cancelled.Token));
    }

    [Fact]
    public async Task A_pre_cancelled_token_cancels_building_a_reference_model_directly()
    {
        InspectionProfile profile = await _fixture.GetProfileAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await _fixture.Reasoner.BuildReferenceModelAsync(profile.Spec, [new EncodedView(new RawFrame(64, 64, PixelFormat.Rgb24, new byte[64 * 64 * 3]), ImageProvenance.Identity(64, 64))], cancelled.Token));
    }

    private async Task<InspectionProfile> WithRulesAsync(params NormalityRule[] rules)
    {
        InspectionProfile profile = await _fixture.GetProfileAsync();
        InspectionSpec spec = profile.Spec.Clone();
        foreach (NormalityRule rule in rules)
        {
            spec.NormalityRules.Add(rule);
        }

        return new InspectionProfile(spec, profile.ReferenceViews, profile.ReferenceModel, profile.CreatedAt);
    }
}
