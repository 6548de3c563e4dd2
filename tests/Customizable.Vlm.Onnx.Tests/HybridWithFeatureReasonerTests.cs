using Customizable.Vlm.Reasoning;

namespace Customizable.Vlm.Onnx.Tests;

/// <summary>The hybrid reasoner with the real embedded feature reasoner measuring and a recording stand-in explaining.</summary>
[Collection(SharedReasoner.Name)]
public class HybridWithFeatureReasonerTests
{
    private readonly ReasonerFixture _fixture;

    public HybridWithFeatureReasonerTests(ReasonerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task The_explainer_sees_the_measured_evidence_text_and_a_heat_map_overlay_of_the_planted_defect()
    {
        var explainer = new RecordingExplainer(anomalous: true, "A dark round stain at the upper right.");
        using var hybrid = new HybridReasoner(_fixture.Reasoner, explainer);
        SyntheticImage query = ReasonerFixture.Defect(DefectKind.DarkBlob);

        AnomalyVerdict verdict = await InspectAsync(hybrid, query);

        AnomalyPrompt seen = explainer.Prompts.Single();
        string evidence = seen.Parts.OfType<TextPromptPart>().Single(p => p.Text.StartsWith("Measured evidence", StringComparison.Ordinal)).Text;
        Assert.Contains("so the measurement finds the query anomalous", evidence, StringComparison.Ordinal);
        Assert.Contains("Region 1 of", evidence, StringComparison.Ordinal);
        Assert.Contains("upper-right", evidence, StringComparison.Ordinal);
        Assert.Contains("% of the image", evidence, StringComparison.Ordinal);
        Assert.Contains("x the decision threshold", evidence, StringComparison.Ordinal);
        Assert.Contains("x the calibrated limit of the normal range", evidence, StringComparison.Ordinal);

        ImagePromptPart overlay = seen.Parts.OfType<ImagePromptPart>().Single(p => p.Label == "Query heat map");
        Assert.Equal((SyntheticParts.Size, SyntheticParts.Size), (overlay.View.Frame.Width, overlay.View.Frame.Height));
        PixelRect plant = query.Plant!.Value;
        int atDefect = RedMinusBlue(overlay.View.Frame, plant.X + (plant.Width / 2), plant.Y + (plant.Height / 2));
        int farAway = RedMinusBlue(overlay.View.Frame, 30, 225);
        Assert.True(atDefect > farAway + 50, $"red minus blue: {atDefect} at the defect, {farAway} far from it");

        Assert.Equal("A dark round stain at the upper right.", verdict.Reasoning);
        Assert.False(verdict.GetHybridDetails()!.Disagreement);
    }

    [Fact]
    public async Task The_hybrid_keeps_the_measured_score_and_flags_disagreement_when_the_explainer_says_normal()
    {
        using var hybrid = new HybridReasoner(_fixture.Reasoner, new RecordingExplainer(anomalous: false, "The part looks fine."));
        AnomalyVerdict measuredAlone = await _fixture.InspectDefectAsync(DefectKind.Scratch);

        AnomalyVerdict verdict = await InspectAsync(hybrid, ReasonerFixture.Defect(DefectKind.Scratch));

        Assert.True(measuredAlone.IsAnomalous);
        Assert.True(verdict.IsAnomalous);
        Assert.Equal(measuredAlone.Score, verdict.Score, 9);
        Assert.Equal(measuredAlone.Regions.Count, verdict.Regions.Count);
        Assert.True(verdict.GetHybridDetails()!.Disagreement);
        Assert.Equal(true, verdict.AdditionalProperties![HybridPropertyNames.Disagreement]);
        Assert.Contains("the vision-language model finds it normal", verdict.Reasoning, StringComparison.Ordinal);
        Assert.NotNull(verdict.Regions[0].SourceLocation);
    }

    [Fact]
    public async Task A_profile_customized_with_the_hybrid_holds_the_feature_reasoners_reference_model()
    {
        using var hybrid = new HybridReasoner(_fixture.Reasoner, new RecordingExplainer(anomalous: false, "fine"));
        var inspector = new AnomalyInspector(hybrid);

        InspectionProfile profile = await inspector.CustomizeAsync(ReasonerFixture.NewSpec());

        Assert.Equal(_fixture.Reasoner.ReferenceModelKind, profile.ReferenceModel!.Kind);
    }

    private async Task<AnomalyVerdict> InspectAsync(HybridReasoner hybrid, SyntheticImage query)
    {
        InspectionProfile profile = await _fixture.GetProfileAsync();
        return await new AnomalyInspector(hybrid).InspectAsync(profile, query.ToObservation("query"));
    }

    private static int RedMinusBlue(RawFrame frame, int x, int y)
    {
        ReadOnlySpan<byte> row = frame.GetRow(y);
        return row[x * 3] - row[(x * 3) + 2];
    }
}
