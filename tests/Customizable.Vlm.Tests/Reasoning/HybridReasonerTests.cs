using Customizable.Vlm.Imaging;
using Customizable.Vlm.Prompting;
using Customizable.Vlm.Reasoning;

namespace Customizable.Vlm.Tests.Reasoning;

public class HybridReasonerTests
{
    private const int Size = 40;

    [Fact]
    public async Task The_evidence_is_inserted_before_the_closing_instruction_with_the_overlay_after_it()
    {
        var explainer = new FakeReasoner(_ => Explained(true, "A dark spot."));
        using var hybrid = new HybridReasoner(new FakeReasoner(_ => Measured(true, 0.8)), explainer);
        AnomalyPrompt prompt = Prompt();

        await hybrid.ReasonAsync(prompt);

        IReadOnlyList<PromptPart> parts = explainer.Prompts.Single().Parts;
        Assert.Equal(prompt.Parts.Count + 3, parts.Count);
        Assert.Equal(prompt.Parts.Take(prompt.Parts.Count - 1), parts.Take(prompt.Parts.Count - 1));
        var evidence = Assert.IsType<TextPromptPart>(parts[^4]);
        Assert.StartsWith("Query heat map: the query with the measured deviation as a heat map", Assert.IsType<TextPromptPart>(parts[^3]).Text, StringComparison.Ordinal);
        Assert.StartsWith("Measured evidence (fake/measure):", evidence.Text, StringComparison.Ordinal);
        var overlay = Assert.IsType<ImagePromptPart>(parts[^2]);
        Assert.Equal("Query heat map", overlay.Label);
        Assert.Equal(PromptImageRole.Query, overlay.Role);
        Assert.Same(prompt.Parts[^1], parts[^1]);
        Assert.Same(prompt.QueryViews, explainer.Prompts.Single().QueryViews);
    }

    [Fact]
    public async Task The_evidence_text_says_where_how_large_and_how_far_beyond_the_normal_range()
    {
        var explainer = new FakeReasoner(_ => Explained(true, "x"));
        using var hybrid = new HybridReasoner(new FakeReasoner(_ => Measured(true, 0.8)), explainer);

        await hybrid.ReasonAsync(Prompt());

        string text = explainer.Prompts.Single().Parts.OfType<TextPromptPart>().Single(p => p.Text.StartsWith("Measured", StringComparison.Ordinal)).Text;
        Assert.Contains("Anomaly score 0.80; 0.50 is the threshold, so the measurement finds the query anomalous.", text, StringComparison.Ordinal);
        Assert.Contains("The image's deviation score is 1.50x the calibrated limit of the normal range.", text, StringComparison.Ordinal);
        Assert.Contains("Region 1 of 1: upper-left (x 4-11, y 6-13 px), 4% of the image; peak score 0.90.", text, StringComparison.Ordinal);
        Assert.EndsWith(HybridReasonerOptions.DefaultEvidenceInstruction, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_region_crop_is_a_close_up_of_the_strongest_region_grown_to_at_least_64_pixels_where_the_view_allows()
    {
        var explainer = new FakeReasoner(_ => Explained(true, "x"));
        var options = new HybridReasonerOptions { EvidenceImages = HybridEvidenceImages.HeatMapOverlay | HybridEvidenceImages.RegionCrop };
        using var hybrid = new HybridReasoner(new FakeReasoner(_ => Measured(true, 0.8)), explainer, options);
        AnomalyPrompt prompt = Prompt();

        await hybrid.ReasonAsync(prompt);

        ImagePromptPart crop = explainer.Prompts.Single().Parts.OfType<ImagePromptPart>().Single(p => p.Label == "Query close-up");
        // The 8x8 box at (4, 6) grows to 64x64 around its centre, clipped to the 40x40 view.
        Assert.Equal((Size, Size), (crop.View.Frame.Width, crop.View.Frame.Height));
        Assert.Equal(prompt.QueryViews[0].Frame.GetRow(5).ToArray(), crop.View.Frame.GetRow(5).ToArray());
    }

    [Fact]
    public async Task Evidence_images_are_downscaled_to_the_longest_side_exactly_as_the_prompt_composer_downscales_its_images()
    {
        const int Width = 200, Height = 120, MaxSide = 32;
        var explainer = new FakeReasoner(_ => Explained(true, "x"));
        var options = new HybridReasonerOptions { EvidenceImages = HybridEvidenceImages.HeatMapOverlay | HybridEvidenceImages.RegionCrop, MaxEvidenceImageSide = MaxSide };
        AnomalyVerdict measured = Measured(true, 0.8, Width, Height);
        using var hybrid = new HybridReasoner(new FakeReasoner(_ => measured), explainer, options);
        AnomalyPrompt prompt = Prompt(Width, Height);

        await hybrid.ReasonAsync(prompt);

        var images = explainer.Prompts.Single().Parts.OfType<ImagePromptPart>().ToList();
        ImagePromptPart overlay = images.Single(p => p.Label == "Query heat map");
        ImagePromptPart crop = images.Single(p => p.Label == "Query close-up");
        // 200x120 fits 32 wide as 32x19; the 40x42 close-up (the 8x8 box grown to 64, clipped at the view's edges) as 30x32.
        Assert.Equal((MaxSide, 19), (overlay.View.Frame.Width, overlay.View.Frame.Height));
        Assert.Equal((30, MaxSide), (crop.View.Frame.Width, crop.View.Frame.Height));
        var overlayProvenance = Assert.IsType<ImageProvenance>(overlay.View.Provenance);
        Assert.Equal((Width, Height), (overlayProvenance.SourceWidth, overlayProvenance.SourceHeight));
        Assert.Equal((Width / (double)MaxSide, Height / 19.0), (overlayProvenance.ScaleX, overlayProvenance.ScaleY));

        RawFrame fullOverlay = AnomalyMapOverlay.Render(prompt.QueryViews[0].Frame, measured.AnomalyMaps[0], options.OverlayOpacity, measured.Regions);
        AnomalyPrompt composed = await new DefaultPromptComposer(new PromptComposerOptions { MaxImageSide = MaxSide })
            .ComposeAsync(new PromptContext(new InspectionSpec(), [], [new EncodedView(fullOverlay, ImageProvenance.Identity(Width, Height))]));
        RawFrame composerOverlay = composed.QueryImages.Single().View.Frame;
        Assert.Equal((composerOverlay.Width, composerOverlay.Height), (overlay.View.Frame.Width, overlay.View.Frame.Height));
        Assert.Equal(composerOverlay.Pixels.ToArray(), overlay.View.Frame.Pixels.ToArray());
    }

    [Fact]
    public void The_evidence_image_limit_defaults_to_the_composers_default_and_is_checked_like_it()
    {
        Assert.Equal(new PromptComposerOptions().MaxImageSide, new HybridReasonerOptions().MaxEvidenceImageSide);
        Assert.Throws<ArgumentOutOfRangeException>(() => new HybridReasonerOptions { MaxEvidenceImageSide = 31 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new HybridReasonerOptions { MaxEvidenceImageSide = 8193 }.Validate());
        new HybridReasonerOptions { MaxEvidenceImageSide = 32 }.Validate();
    }

    [Fact]
    public async Task The_verdict_keeps_the_measured_decision_score_regions_and_maps_and_takes_the_models_reasoning()
    {
        AnomalyVerdict measured = Measured(true, 0.8);
        using var hybrid = new HybridReasoner(new FakeReasoner(_ => measured), new FakeReasoner(_ => Explained(true, "A dark spot at the upper left.", "stain")));

        AnomalyVerdict verdict = await hybrid.ReasonAsync(Prompt());

        Assert.True(verdict.IsAnomalous);
        Assert.Equal(0.8, verdict.Score);
        Assert.Same(measured.Regions, verdict.Regions);
        Assert.Same(measured.AnomalyMaps, verdict.AnomalyMaps);
        Assert.Equal("A dark spot at the upper left.", verdict.Reasoning);
        Assert.Equal("stain", verdict.DefectType);
        Assert.Equal(VerdictStatus.Measured, verdict.Status);
        Assert.Equal("{\"raw\": true}", verdict.RawText);
        Assert.Equal("fake/measure+fake/explain", verdict.ModelId);
        Assert.Equal(VerdictScoreSource.Measured, verdict.AdditionalProperties![VerdictPropertyNames.ScoreSource]);
        Assert.Equal(false, verdict.AdditionalProperties[HybridPropertyNames.Disagreement]);
        Assert.False(verdict.GetHybridDetails()!.Disagreement);
        Assert.Equal(1.5, verdict.AdditionalProperties[VerdictPropertyNames.RawScore]);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Disagreement_is_flagged_in_the_details_the_properties_and_the_reasoning(bool measuredAnomalous, bool explainerAnomalous)
    {
        using var hybrid = new HybridReasoner(new FakeReasoner(_ => Measured(measuredAnomalous, measuredAnomalous ? 0.8 : 0.2)), new FakeReasoner(_ => Explained(explainerAnomalous, "My view.")));

        AnomalyVerdict verdict = await hybrid.ReasonAsync(Prompt());

        Assert.Equal(measuredAnomalous, verdict.IsAnomalous);
        Assert.True(verdict.GetHybridDetails()!.Disagreement);
        Assert.Equal(true, verdict.AdditionalProperties![HybridPropertyNames.Disagreement]);
        Assert.Equal(explainerAnomalous, verdict.AdditionalProperties[HybridPropertyNames.ExplainerAnomalous]);
        Assert.StartsWith("My view.\n\nDisagreement: the measurement finds the query", verdict.Reasoning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_explanation_leaves_disagreement_unknown_and_the_measured_reasoning_in_place()
    {
        var unreadable = new AnomalyVerdict { Status = VerdictStatus.Unparseable, IsAnomalous = null, RawText = "hmm", ModelId = "fake/explain" };
        using var hybrid = new HybridReasoner(new FakeReasoner(_ => Measured(true, 0.8)), new FakeReasoner(_ => unreadable));

        AnomalyVerdict verdict = await hybrid.ReasonAsync(Prompt());

        Assert.Null(verdict.GetHybridDetails()!.Disagreement);
        Assert.Null(verdict.AdditionalProperties![HybridPropertyNames.Disagreement]);
        Assert.Equal("measured reasoning", verdict.Reasoning);
        Assert.Equal("hmm", verdict.RawText);
        Assert.Equal(VerdictStatus.Unparseable, verdict.AdditionalProperties[HybridPropertyNames.ExplainerStatus]);
    }

    [Fact]
    public async Task An_explainer_failure_propagates_by_default_and_keeps_the_measured_verdict_when_asked()
    {
        var failing = new FakeReasoner(_ => throw new CustomizableVlmException("endpoint down"));
        using var strict = new HybridReasoner(new FakeReasoner(_ => Measured(true, 0.8)), failing);
        using var lenient = new HybridReasoner(new FakeReasoner(_ => Measured(true, 0.8)), failing, new HybridReasonerOptions { ExplainerFailure = HybridExplainerFailure.KeepMeasured });

        await Assert.ThrowsAsync<CustomizableVlmException>(() => strict.ReasonAsync(Prompt()));
        AnomalyVerdict verdict = await lenient.ReasonAsync(Prompt());

        Assert.True(verdict.IsAnomalous);
        Assert.Equal("measured reasoning", verdict.Reasoning);
        Assert.Equal("endpoint down", verdict.AdditionalProperties![HybridPropertyNames.ExplainerError]);
        Assert.Equal("endpoint down", verdict.GetHybridDetails()!.ExplainerError);
    }

    [Fact]
    public async Task Cancellation_propagates_even_when_explainer_failures_are_tolerated()
    {
        using var cts = new CancellationTokenSource();
        var explainer = new FakeReasoner(_ => Explained(true, "x"));
        var measurer = new FakeReasoner(_ =>
        {
            cts.Cancel();
            return Measured(true, 0.8);
        });
        using var hybrid = new HybridReasoner(measurer, explainer, new HybridReasonerOptions { ExplainerFailure = HybridExplainerFailure.KeepMeasured });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hybrid.ReasonAsync(Prompt(), cts.Token));
        Assert.Empty(explainer.Prompts);
    }

    [Fact]
    public async Task Normal_measurements_can_skip_the_explainer()
    {
        var explainer = new FakeReasoner(_ => Explained(true, "x"));
        using var hybrid = new HybridReasoner(new FakeReasoner(_ => Measured(false, 0.2)), explainer, new HybridReasonerOptions { ExplainNormalVerdicts = false });

        AnomalyVerdict verdict = await hybrid.ReasonAsync(Prompt());

        Assert.Empty(explainer.Prompts);
        Assert.False(verdict.IsAnomalous);
        Assert.Null(verdict.GetHybridDetails()!.Disagreement);
        Assert.Null(verdict.RawText);
    }

    [Fact]
    public async Task Without_regions_or_maps_the_evidence_is_text_only_and_says_nothing_exceeds_the_normal_range()
    {
        var explainer = new FakeReasoner(_ => Explained(false, "x"));
        using var hybrid = new HybridReasoner(new FakeReasoner(_ => new AnomalyVerdict { IsAnomalous = false, Score = 0.3, ModelId = "m" }), explainer);
        AnomalyPrompt prompt = Prompt();

        await hybrid.ReasonAsync(prompt);

        AnomalyPrompt seen = explainer.Prompts.Single();
        Assert.Equal(prompt.Parts.Count + 1, seen.Parts.Count);
        Assert.Contains("No region exceeds the normal range.", seen.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("heat map", seen.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anomalous_measurement_without_regions_says_the_deviation_is_too_small_to_outline()
    {
        var explainer = new FakeReasoner(_ => Explained(true, "x"));
        using var hybrid = new HybridReasoner(new FakeReasoner(_ => new AnomalyVerdict { IsAnomalous = true, Score = 0.6, ModelId = "m" }), explainer);

        await hybrid.ReasonAsync(Prompt());

        Assert.Contains("too small an area to outline as a region", explainer.Prompts.Single().Text, StringComparison.Ordinal);
        Assert.DoesNotContain("No region exceeds", explainer.Prompts.Single().Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_measurer_without_reference_models_still_lets_the_hybrid_customize_and_round_trip_its_empty_model()
    {
        using var hybrid = new HybridReasoner(new FakeReasoner(_ => Measured(true, 0.8)), new FakeReasoner(_ => Explained(true, "x")));

        ReferenceModel model = await hybrid.BuildReferenceModelAsync(new InspectionSpec(), [View()]);
        using var stream = new MemoryStream();
        hybrid.Write(model, stream);
        stream.Position = 0;
        ReferenceModel read = hybrid.Read(stream);

        Assert.Equal("customizable-vlm/none", read.Kind);
        Assert.Equal(1, read.ReferenceCount);
        Assert.Throws<CustomizableVlmException>(() => hybrid.Read(new MemoryStream([1, 2])));
    }

    [Fact]
    public void The_inner_reasoners_are_disposed_only_when_the_hybrid_owns_them()
    {
        var measurer = new FakeReasoner(_ => Measured(true, 0.8));
        var explainer = new FakeReasoner(_ => Explained(true, "x"));

        new HybridReasoner(measurer, explainer).Dispose();
        Assert.False(measurer.Disposed || explainer.Disposed);

        new HybridReasoner(measurer, explainer, disposeReasoners: true).Dispose();
        Assert.True(measurer.Disposed && explainer.Disposed);
    }

    [Fact]
    public void GetService_finds_the_hybrid_its_options_and_the_inner_reasoners_services()
    {
        var measurer = new FakeReasoner(_ => Measured(true, 0.8));
        using var hybrid = new HybridReasoner(measurer, new FakeReasoner(_ => Explained(true, "x")), new HybridReasonerOptions { MaxRegionsInEvidence = 1 });

        Assert.Same(hybrid, hybrid.GetService<HybridReasoner>());
        Assert.Equal(1, hybrid.GetService<HybridReasonerOptions>()!.MaxRegionsInEvidence);
        Assert.Same(measurer, hybrid.GetService<FakeReasoner>());
        Assert.Throws<ArgumentException>(() => new HybridReasoner(measurer, measurer));
    }

    private static EncodedView View(int width = Size, int height = Size)
    {
        byte[] rgb = new byte[width * height * 3];
        for (int i = 0; i < rgb.Length; i++)
        {
            rgb[i] = (byte)(i * 7);
        }

        return new EncodedView(new RawFrame(width, height, PixelFormat.Rgb24, rgb), ImageProvenance.Identity(width, height), "query");
    }

    private static AnomalyPrompt Prompt(int width = Size, int height = Size)
    {
        EncodedView query = View(width, height);
        return new AnomalyPrompt(
            [
                new TextPromptPart("Inspect.", PromptTextRole.System),
                new TextPromptPart("Query:", PromptTextRole.Caption),
                new ImagePromptPart(query, PromptImageRole.Query, "Query"),
                new TextPromptPart("Is it anomalous?", PromptTextRole.Instruction),
            ],
            new InspectionSpec(),
            [query]);
    }

    private static AnomalyVerdict Measured(bool anomalous, double score, int width = Size, int height = Size)
    {
        float[] map = new float[width * height];
        map[(8 * width) + 6] = 0.9f;
        return new AnomalyVerdict
        {
            IsAnomalous = anomalous,
            Score = score,
            Reasoning = "measured reasoning",
            ModelId = "fake/measure",
            Regions = anomalous ? [new AnomalyRegion(0, new PixelRect(4, 6, 8, 8)) { Score = 0.9, AreaFraction = 0.04 }] : [],
            AnomalyMaps = [new AnomalyMap(width, height, map)],
            AdditionalProperties = new Dictionary<string, object?> { [VerdictPropertyNames.RawScore] = 1.5, [VerdictPropertyNames.RawThreshold] = 1.0 },
        };
    }

    private static AnomalyVerdict Explained(bool anomalous, string reasoning, string? defect = null) => new()
    {
        IsAnomalous = anomalous,
        Score = anomalous ? 0.9 : 0.1,
        Reasoning = reasoning,
        DefectType = defect,
        Status = VerdictStatus.Parsed,
        RawText = "{\"raw\": true}",
        ModelId = "fake/explain",
    };
}
