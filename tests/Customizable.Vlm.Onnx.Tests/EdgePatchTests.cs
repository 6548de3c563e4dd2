namespace Customizable.Vlm.Onnx.Tests;

/// <summary>
/// <see cref="FeatureReasonerOptions.EdgePatchRings"/>: the outer rings of the patch grid take their inner neighbour's distance before
/// the map is built, and the setting travels with the profile.
/// </summary>
[Collection(SharedReasoner.Name)]
public sealed class EdgePatchTests
{
    private readonly ReasonerFixture _fixture;

    public EdgePatchTests(ReasonerFixture fixture) => _fixture = fixture;

    [Fact]
    public void Each_edge_patch_takes_the_nearest_patch_inside_the_rings()
    {
        const int width = 6, height = 5;
        float[] grid = [.. Enumerable.Range(0, width * height).Select(i => (float)i)];
        float[] result = new float[grid.Length];

        FeatureReasoner.ReplaceEdgePatches(grid, width, height, rings: 1, result);

        float[] expected =
        [
            7, 7, 8, 9, 10, 10,
            7, 7, 8, 9, 10, 10,
            13, 13, 14, 15, 16, 16,
            19, 19, 20, 21, 22, 22,
            19, 19, 20, 21, 22, 22,
        ];
        Assert.Equal(expected, result);

        FeatureReasoner.ReplaceEdgePatches(grid, width, height, rings: 2, result);
        Assert.All(result.Take(width * 2), v => Assert.InRange(v, 14, 15));
        Assert.Equal(14, result[0]);
        Assert.Equal(15, result[width - 1]);
        Assert.Equal(14, result[(height - 1) * width]);
    }

    [Fact]
    public void The_default_is_one_ring_and_out_of_range_values_are_refused()
    {
        Assert.Equal(1, new FeatureReasonerOptions().EdgePatchRings);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureReasonerOptions { EdgePatchRings = -1 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureReasonerOptions { EdgePatchRings = 9 }.Validate());
    }

    [Fact]
    public async Task The_profile_keeps_its_edge_rings_and_inspection_uses_them_whatever_the_reasoner_options_say()
    {
        InspectionProfile profile = await _fixture.GetProfileAsync();
        var model = Assert.IsType<FeatureReferenceModel>(profile.ReferenceModel);
        Assert.EndsWith("|edge=1", model.FeatureSignature, StringComparison.Ordinal);

        // A reasoner configured without edge rings inspects the profile exactly as the one that customized it.
        FeatureReasonerOptions options = ReasonerFixture.DefaultOptions();
        options.EdgePatchRings = 0;
        using var other = new FeatureReasoner(options);
        var otherInspector = new AnomalyInspector(other);
        SyntheticImage query = ReasonerFixture.Defect(DefectKind.Scratch);
        AnomalyVerdict mine = await _fixture.Inspector.InspectAsync(profile, query.ToObservation("q"));
        AnomalyVerdict theirs = await otherInspector.InspectAsync(profile, query.ToObservation("q"));
        Assert.Equal(mine.Score, theirs.Score);
        Assert.Equal(mine.AnomalyMaps[0].GridValues, theirs.AnomalyMaps[0].GridValues);

        // Customized without edge rings, the profile keeps the signature older versions wrote, and its map differs at the edges.
        InspectionProfile plain = await otherInspector.CustomizeAsync(ReasonerFixture.NewSpec());
        var plainModel = Assert.IsType<FeatureReferenceModel>(plain.ReferenceModel);
        Assert.DoesNotContain("edge=", plainModel.FeatureSignature, StringComparison.Ordinal);
        Assert.Equal(model.FeatureSignature.Replace("|edge=1", string.Empty, StringComparison.Ordinal), plainModel.FeatureSignature);
        AnomalyVerdict unreplaced = await otherInspector.InspectAsync(plain, query.ToObservation("q"));
        Assert.NotEqual(mine.AnomalyMaps[0].GridValues, unreplaced.AnomalyMaps[0].GridValues);
    }
}
