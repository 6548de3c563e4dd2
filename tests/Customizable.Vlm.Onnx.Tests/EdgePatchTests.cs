namespace Customizable.Vlm.Onnx.Tests;

/// <summary>
/// <see cref="FeatureReasonerOptions.EdgePatchRings"/>: an outer-ring patch of the grid whose distance is above its inner neighbour's takes that distance before
/// the map is built, and the setting travels with the profile.
/// </summary>
[Collection(SharedReasoner.Name)]
public sealed class EdgePatchTests
{
    private readonly ReasonerFixture _fixture;

    public EdgePatchTests(ReasonerFixture fixture) => _fixture = fixture;

    [Fact]
    public void An_edge_patch_above_the_nearest_patch_inside_the_rings_is_lowered_to_it_and_one_below_keeps_its_own()
    {
        const int width = 6, height = 5;
        float[] grid = [.. Enumerable.Range(0, width * height).Select(i => (float)i)];
        float[] result = new float[grid.Length];

        FeatureReasoner.ReplaceEdgePatches(grid, width, height, rings: 1, result);

        // Values grow to the right and down: the top and left edges are below their inner neighbours and keep their own values,
        // the bottom and right edges are above theirs and take them; the inside is unchanged.
        float[] expected =
        [
            0, 1, 2, 3, 4, 5,
            6, 7, 8, 9, 10, 10,
            12, 13, 14, 15, 16, 16,
            18, 19, 20, 21, 22, 22,
            19, 19, 20, 21, 22, 22,
        ];
        Assert.Equal(expected, result);

        // Two rings: the corner patch of the bottom-right is lowered to the inside patch two rings in.
        FeatureReasoner.ReplaceEdgePatches(grid, width, height, rings: 2, result);
        Assert.Equal(15, result[(height * width) - 1]);
        Assert.Equal(0, result[0]);
        Assert.Equal(grid[(2 * width) + 2], result[(2 * width) + 2]);
    }

    [Fact]
    public void The_default_is_off_and_out_of_range_values_are_refused()
    {
        Assert.Null(new FeatureReasonerOptions().EdgePatchRings);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureReasonerOptions { EdgePatchRings = -1 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureReasonerOptions { EdgePatchRings = 9 }.Validate());
    }

    [Fact]
    public async Task The_profile_keeps_its_edge_rings_and_inspection_uses_them_whatever_the_reasoner_options_say()
    {
        // The shared profile is customized without edge rings and keeps the signature older versions wrote.
        InspectionProfile plain = await _fixture.GetProfileAsync();
        var plainModel = Assert.IsType<FeatureReferenceModel>(plain.ReferenceModel);
        Assert.DoesNotContain("edge=", plainModel.FeatureSignature, StringComparison.Ordinal);

        FeatureReasonerOptions options = ReasonerFixture.DefaultOptions();
        options.EdgePatchRings = 1;
        using var withRings = new FeatureReasoner(options);
        var ringsInspector = new AnomalyInspector(withRings);
        InspectionProfile profile = await ringsInspector.CustomizeAsync(ReasonerFixture.NewSpec());
        var model = Assert.IsType<FeatureReferenceModel>(profile.ReferenceModel);
        Assert.Equal(plainModel.FeatureSignature + "|edge=1", model.FeatureSignature);

        // The shared reasoner (no edge rings in its options) inspects that profile exactly as the one that customized it, and the
        // profile without them as before: the setting travels with the profile.
        SyntheticImage query = ReasonerFixture.Defect(DefectKind.Scratch);
        await ReasonerFixture.AssertInspectedAlikeAsync(ringsInspector, _fixture.Inspector, profile, query);
        AnomalyVerdict unchanged = await ringsInspector.InspectAsync(plain, query.ToObservation("q"));
        AnomalyVerdict reference = await _fixture.Inspector.InspectAsync(plain, query.ToObservation("q"));
        Assert.Equal(reference.AnomalyMaps[0].GridValues, unchanged.AnomalyMaps[0].GridValues);

        // With the rings the map's outer ring is never above what it is without them.
        float[] with = (await ringsInspector.InspectAsync(profile, query.ToObservation("q"))).AnomalyMaps[0].GridValues;
        Assert.NotEqual(reference.AnomalyMaps[0].GridValues, with);
    }

    [Fact]
    public void The_strongest_patch_is_on_the_edge_only_when_an_outer_ring_patch_is_above_every_inner_one()
    {
        float[] grid = new float[5 * 4];
        grid[(2 * 5) + 2] = 1; // inner
        Assert.False(FeatureReasoner.StrongestOnEdge(grid, 5, 4));
        grid[(3 * 5) + 1] = 2; // bottom row
        Assert.True(FeatureReasoner.StrongestOnEdge(grid, 5, 4));
        grid[(1 * 5) + 3] = 2; // a tie with an inner patch is not "above every inner one"
        Assert.False(FeatureReasoner.StrongestOnEdge(grid, 5, 4));
    }

    [Fact]
    public async Task Without_a_pinned_value_customization_chooses_the_edge_rings_and_says_why()
    {
        FeatureReasonerOptions options = ReasonerFixture.DefaultOptions();
        options.EdgePatchRings = null;
        using var reasoner = new FeatureReasoner(options);
        var inspector = new AnomalyInspector(reasoner);

        // The striped synthetic parts fill the view; their held-out references are strongest on the grid's outer ring.
        InspectionProfile striped = await inspector.CustomizeAsync(ReasonerFixture.NewSpec());
        var model = Assert.IsType<FeatureReferenceModel>(striped.ReferenceModel);
        Assert.EndsWith("|edge=1", model.FeatureSignature, StringComparison.Ordinal);
        Assert.Matches(@"edge rings 1, chosen because (\d+) of (\d+) held-out reference view\(s\) had their strongest patch on the grid's outer ring \(at least 40%\)", model.Tuning!.Thresholds[0].Rule);

        // A single reference: its shifted stand-ins show new content at their edges, so the rings are used.
        var one = new InspectionSpec { ClassContext = "synthetic striped part" };
        one.References.Add(SyntheticParts.Normal(ReasonerFixture.ReferenceSeeds[0]).ToObservation("ref"));
        var single = Assert.IsType<FeatureReferenceModel>((await inspector.CustomizeAsync(one)).ReferenceModel);
        Assert.EndsWith("|edge=1", single.FeatureSignature, StringComparison.Ordinal);
        Assert.Contains("edge rings 1, chosen for a single reference", single.Tuning!.Thresholds[0].Rule, StringComparison.Ordinal);
    }
}
