using System.Numerics;
using Customizable.Vlm.PointClouds;

namespace Customizable.Vlm.Tests.PointClouds;

public sealed class PointScoresTests
{
    private static readonly Vector3[] Points = [new(0, 0, 0), new(1, 0, 0), new(0, 1, 0), new(1, 1, 1)];

    private static EncodedView View(int index, params int[] winners) =>
        new(new RawFrame(2, 2, PixelFormat.Rgb24, new byte[12]), new PointCloudViewProvenance($"v{index}", 2, 2, Matrix4x4.Identity, winners, Points), index: index);

    [Fact]
    public void Each_point_gets_the_largest_clamped_value_of_the_pixels_it_won_or_lies_on_at_the_front_and_hidden_points_get_zero()
    {
        EncodedView[] views = [View(0, 0, 1, -1, 1), View(1, 1, 0, 0, -1)];
        AnomalyMap[] maps =
        [
            new(2, 2, [0.2f, 0.4f, 9f, 1.7f], viewIndex: 0),
            new(2, 2, [0.3f, -1f, 0.6f, 0.9f], viewIndex: 1),
        ];

        float[] scores = PointScores.Project(maps, views, Points.Length);

        // Point 2 wins nothing but lies on pixel (0, 1) of view 1 at the depth of its winner; point 3 lies behind point 1 (depth 1 vs 0).
        Assert.Equal([0.6f, 1f, 0.6f, 0f], scores);
    }

    [Fact]
    public void Apply_sets_point_scores_and_names_the_strongest_region_in_3d_for_cloud_views_only()
    {
        EncodedView[] views = [View(0, 3, 3, 0, -1)];
        var verdict = new AnomalyVerdict
        {
            Reasoning = "reasoner text",
            AnomalyMaps = [new AnomalyMap(2, 2, [0.9f, 0.8f, 0.1f, 0f])],
            Regions =
            [
                new AnomalyRegion(0, new PixelRect(0, 0, 2, 1)) { Score = 0.9, SourceLocation = new PointSetLocation(new[] { 3 }, Points[3], Points[3]) },
                new AnomalyRegion(0, new PixelRect(0, 1, 1, 1)) { Score = 0.1, SourceLocation = new PointSetLocation(new[] { 0 }, Points[0], Points[0]) },
            ],
        };

        PointScores.Apply(verdict, views);

        Assert.Equal([0.9f, 0.8f, 0.1f, 0.9f], Assert.IsType<float[]>(verdict.PointScores));
        Assert.StartsWith("Strongest region around (1, 1, 1), upper +X side, 25.0% of the points.", verdict.Reasoning, StringComparison.Ordinal);
        Assert.EndsWith("reasoner text", verdict.Reasoning, StringComparison.Ordinal);

        var image = new AnomalyVerdict { AnomalyMaps = [new AnomalyMap(2, 2, new float[4])] };
        PointScores.Apply(image, [new EncodedView(new RawFrame(2, 2, PixelFormat.Rgb24, new byte[12]), ImageProvenance.Identity(2, 2))]);
        Assert.Null(image.PointScores);
    }

    [Theory]
    [InlineData(0.9f, 0f, 0f, "+X side")]
    [InlineData(0f, -0.8f, 0.5f, "upper -Y side")]
    [InlineData(0.1f, 0.1f, -0.9f, "lower centre")]
    public void Side_names_the_vertical_third_and_the_leaning_horizontal_side(float x, float y, float z, string expected) =>
        Assert.Equal(expected, PointScores.Side(new Vector3(x, y, z), Vector3.Zero, Vector3.One));
}
