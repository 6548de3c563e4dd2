namespace Customizable.Vlm.Onnx.Tests;

/// <summary>
/// <see cref="FeatureReasonerOptions.NormalizeLayersSeparately"/>: each backbone layer's block of a patch feature is scaled on its own,
/// the profile records it, and profiles that normalise the whole feature (those written before the option) are inspected as they were built.
/// </summary>
[Collection(SharedReasoner.Name)]
public sealed class LayerNormalizationTests
{
    private readonly ReasonerFixture _fixture;

    public LayerNormalizationTests(ReasonerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task The_default_normalises_each_layer_and_the_profile_says_so()
    {
        Assert.True(new FeatureReasonerOptions().NormalizeLayersSeparately);
        var model = Assert.IsType<FeatureReferenceModel>((await _fixture.GetProfileAsync()).ReferenceModel);
        Assert.True(model.NormalizeFeatures);
        Assert.True(model.NormalizesLayersSeparately);
        Assert.Contains("|l2=True|norm=layer", model.FeatureSignature, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_whole_feature_profile_keeps_the_older_signature_and_any_reasoner_inspects_it_as_it_was_built()
    {
        FeatureReasonerOptions options = ReasonerFixture.DefaultOptions();
        options.NormalizeLayersSeparately = false;
        using var whole = new FeatureReasoner(options);
        var wholeInspector = new AnomalyInspector(whole);
        InspectionProfile profile = await wholeInspector.CustomizeAsync(ReasonerFixture.NewSpec());
        var model = Assert.IsType<FeatureReferenceModel>(profile.ReferenceModel);
        Assert.False(model.NormalizesLayersSeparately);
        Assert.DoesNotContain("norm=", model.FeatureSignature, StringComparison.Ordinal);
        var layered = Assert.IsType<FeatureReferenceModel>((await _fixture.GetProfileAsync()).ReferenceModel);
        Assert.Equal(layered.FeatureSignature.Replace("|norm=layer", string.Empty, StringComparison.Ordinal), model.FeatureSignature);

        // Saved and read back by the default reasoner (per layer in its options), the profile still normalises the whole feature ...
        FeatureReferenceModel read = _fixture.SaveAndRead(model);
        Assert.False(read.NormalizesLayersSeparately);
        Assert.Equal(model.FeatureSignature, read.FeatureSignature);

        // ... and is inspected exactly as by the reasoner that built it.
        SyntheticImage query = ReasonerFixture.Defect(DefectKind.Scratch);
        AnomalyVerdict mine = await ReasonerFixture.AssertInspectedAlikeAsync(wholeInspector, _fixture.Inspector, profile, query);

        // The two normalisations are different features: the same query gets another map from the per-layer profile.
        AnomalyVerdict perLayer = await _fixture.Inspector.InspectAsync(await _fixture.GetProfileAsync(), query.ToObservation("q"));
        Assert.NotEqual(mine.AnomalyMaps[0].GridValues, perLayer.AnomalyMaps[0].GridValues);
    }
}
