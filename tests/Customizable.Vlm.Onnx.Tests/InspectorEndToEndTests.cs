namespace Customizable.Vlm.Onnx.Tests;

[Collection(SharedReasoner.Name)]
public class InspectorEndToEndTests
{
    private readonly ReasonerFixture _fixture;

    public InspectorEndToEndTests(ReasonerFixture fixture) => _fixture = fixture;

    public static TheoryData<DefectKind> Kinds => [DefectKind.Scratch, DefectKind.DarkBlob, DefectKind.BrightBlob, DefectKind.MissingPiece, DefectKind.ColourSpot];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_kind_of_planted_defect_is_flagged_with_a_region_over_the_plant(DefectKind kind)
    {
        PixelRect plant = ReasonerFixture.Defect(kind).Plant!.Value;

        AnomalyVerdict verdict = await _fixture.InspectDefectAsync(kind);

        Assert.True(verdict.IsAnomalous, verdict.ToString());
        Assert.True(verdict.Score >= 0.5, verdict.ToString());
        Assert.Equal(VerdictStatus.Measured, verdict.Status);
        Assert.Contains(verdict.Regions, r => Covers(r, plant));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task The_anomaly_map_has_the_image_size_and_peaks_near_the_plant(DefectKind kind)
    {
        PixelRect plant = ReasonerFixture.Defect(kind).Plant!.Value;

        AnomalyVerdict verdict = await _fixture.InspectDefectAsync(kind);

        AnomalyMap map = Assert.Single(verdict.AnomalyMaps);
        Assert.Equal((SyntheticParts.Size, SyntheticParts.Size), (map.Width, map.Height));
        Assert.Equal(0, map.ViewIndex);
        int peak = Array.IndexOf(map.Values, map.Values.Max());
        (int px, int py) = (peak % map.Width, peak / map.Width);
        double cx = plant.X + (plant.Width / 2.0), cy = plant.Y + (plant.Height / 2.0);
        double distance = Math.Sqrt(((px - cx) * (px - cx)) + ((py - cy) * (py - cy)));
        Assert.True(distance <= 40, $"The map peaks at ({px}, {py}), {distance:0} px from the plant centre ({cx}, {cy}).");
        Assert.InRange(map.Values.Min(), 0f, 1f);
        Assert.InRange(map.Values.Max(), 0.5f, 1f);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task The_reasoning_names_where_the_defect_is(DefectKind kind)
    {
        PixelRect plant = ReasonerFixture.Defect(kind).Plant!.Value;

        AnomalyVerdict verdict = await _fixture.InspectDefectAsync(kind);

        Assert.False(string.IsNullOrWhiteSpace(verdict.Reasoning));
        Assert.StartsWith("Anomalous", verdict.Reasoning, StringComparison.Ordinal);
        Assert.Contains(ExpectedPosition(plant), verdict.Reasoning, StringComparison.Ordinal);
        Assert.All(verdict.Regions, r => Assert.False(string.IsNullOrWhiteSpace(r.Description)));
    }

    [Theory]
    [InlineData(201)]
    [InlineData(202)]
    [InlineData(203)]
    public async Task A_held_out_normal_part_scores_below_the_threshold(int seed)
    {
        AnomalyVerdict verdict = await _fixture.InspectNormalAsync(seed);

        Assert.False(verdict.IsAnomalous, verdict.ToString());
        Assert.True(verdict.Score < 0.5, verdict.ToString());
        Assert.Empty(verdict.Regions);
        Assert.StartsWith("Normal", verdict.Reasoning, StringComparison.Ordinal);
        Assert.Single(verdict.AnomalyMaps);
    }

    [Fact]
    public async Task Every_defect_scores_above_every_held_out_normal_part()
    {
        var defects = await Task.WhenAll(ReasonerFixture.DefectQueries.Select(q => _fixture.InspectDefectAsync(q.Kind)));
        var normals = await Task.WhenAll(ReasonerFixture.HeldOutNormalSeeds.Select(_fixture.InspectNormalAsync));

        Assert.True(defects.Min(v => v.Score) > normals.Max(v => v.Score));
    }

    [Theory]
    [InlineData(DefectKind.Scratch)]
    [InlineData(DefectKind.DarkBlob)]
    [InlineData(DefectKind.ColourSpot)]
    public async Task The_top_region_is_tight_around_the_defect_and_stays_off_the_image_edge(DefectKind kind)
    {
        SyntheticImage query = ReasonerFixture.Defect(kind);
        PixelRect plant = query.Plant!.Value;
        AnomalyVerdict verdict = await _fixture.InspectDefectAsync(kind);

        AnomalyRegion top = verdict.Regions.OrderByDescending(r => r.Score).First();
        PixelRect box = Assert.IsType<ImageRegionLocation>(top.SourceLocation).Box;

        // The half-height core of the component: overlapping the plant, a few times its area at most, not running to the edge
        // when the plant does not.
        Assert.True(box.IntersectionOverUnion(plant) >= 0.15, $"box {box}, plant {plant}, IoU {box.IntersectionOverUnion(plant):0.00}");
        Assert.True((double)box.Width * box.Height <= 6.0 * plant.Width * plant.Height, $"box {box}, plant {plant}");
        Assert.True(box.X > 0 && box.Y > 0 && box.Right < SyntheticParts.Size && box.Bottom < SyntheticParts.Size, $"box {box} touches the image edge");
    }

    /// <summary>The region's source box overlaps the plant, or contains the plant's centre.</summary>
    internal static bool Covers(AnomalyRegion region, PixelRect plant)
    {
        var location = Assert.IsType<ImageRegionLocation>(region.SourceLocation);
        int cx = plant.X + (plant.Width / 2), cy = plant.Y + (plant.Height / 2);
        return location.Box.IntersectionOverUnion(plant) > 0
            || (cx >= location.Box.X && cx < location.Box.Right && cy >= location.Box.Y && cy < location.Box.Bottom);
    }

    /// <summary>The position word the reasoning should use for a box (thirds of the image).</summary>
    private static string ExpectedPosition(PixelRect box)
    {
        double cx = (box.X + (box.Width / 2.0)) / SyntheticParts.Size, cy = (box.Y + (box.Height / 2.0)) / SyntheticParts.Size;
        string vertical = cy < 1.0 / 3 ? "upper" : cy > 2.0 / 3 ? "lower" : string.Empty;
        string horizontal = cx < 1.0 / 3 ? "left" : cx > 2.0 / 3 ? "right" : string.Empty;
        return (vertical, horizontal) switch
        {
            ("", "") => "centre",
            ("", _) => horizontal,
            (_, "") => vertical,
            _ => vertical + "-" + horizontal,
        };
    }
}
