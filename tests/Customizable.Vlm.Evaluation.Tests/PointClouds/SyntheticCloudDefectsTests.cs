using System.Numerics;
using Customizable.Vlm.Evaluation.PointClouds;
using Customizable.Vlm.Evaluation.Tests.Support;

namespace Customizable.Vlm.Evaluation.Tests.PointClouds;

public sealed class SyntheticCloudDefectsTests
{
    private static readonly Vector3[] Source = ScannedBox.Make();

    [Fact]
    public void The_same_seed_gives_the_same_cloud_and_another_seed_another()
    {
        var generator = new SyntheticCloudDefects(Source);
        SyntheticCloud a = generator.Defective(CloudDefectKind.Dent, 7), b = generator.Defective(CloudDefectKind.Dent, 7);
        SyntheticCloud c = generator.Defective(CloudDefectKind.Dent, 8);

        Assert.Equal(a.Points, b.Points);
        Assert.Equal(a.Labels, b.Labels);
        Assert.NotEqual(a.Points, c.Points);
    }

    [Fact]
    public void A_normal_variant_drops_some_points_moves_the_rest_a_little_and_labels_nothing()
    {
        var generator = new SyntheticCloudDefects(Source, new SyntheticCloudDefectOptions { DropFraction = 0.2 });
        SyntheticCloud normal = generator.Normal(3);

        Assert.Null(normal.Defect);
        Assert.Equal(0, normal.AnomalousCount);
        Assert.InRange(normal.Points.Length, Source.Length * 0.7, Source.Length * 0.9);
        Vector3 centroid = normal.Points.Aggregate(Vector3.Zero, (s, p) => s + p) / normal.Points.Length;
        Assert.True(centroid.Length() < 0.1f * generator.Scale, $"centroid {centroid}");
        Assert.DoesNotContain(normal.Points, p => Source.Contains(p));
    }

    [Theory]
    [InlineData(CloudDefectKind.Dent)]
    [InlineData(CloudDefectKind.Bump)]
    [InlineData(CloudDefectKind.Hole)]
    [InlineData(CloudDefectKind.Cut)]
    [InlineData(CloudDefectKind.Debris)]
    public void Every_defect_labels_a_small_compact_part_of_the_cloud(CloudDefectKind kind)
    {
        var options = new SyntheticCloudDefectOptions { Noise = 0, DropFraction = 0, MaxRotationDegrees = 0, MaxTranslation = 0 };
        var generator = new SyntheticCloudDefects(Source, options);
        SyntheticCloud cloud = generator.Defective(kind, 1);

        Assert.Equal(kind, cloud.Defect);
        Assert.Equal(cloud.Points.Length, cloud.Labels.Length);
        Assert.InRange(cloud.AnomalousCount, 5, cloud.Points.Length / 5);
        Vector3[] anomalous = [.. cloud.Points.Where((_, i) => cloud.Labels[i])];
        Vector3 centre = anomalous.Aggregate(Vector3.Zero, (s, p) => s + p) / anomalous.Length;
        Assert.All(anomalous, p => Assert.True(Vector3.Distance(p, centre) < 0.5 * generator.Scale, $"{p} is far from {centre}"));
        switch (kind)
        {
            case CloudDefectKind.Hole or CloudDefectKind.Cut:
                Assert.True(cloud.Points.Length < Source.Length, "points were removed");
                Assert.All(anomalous, p => Assert.Contains(p, Source)); // the rim stays where it was
                break;
            case CloudDefectKind.Debris:
                Assert.Equal(Source.Length + cloud.AnomalousCount, cloud.Points.Length);
                Assert.All(anomalous, p => Assert.DoesNotContain(p, Source));
                break;
            default:
                Assert.Equal(Source.Length, cloud.Points.Length);
                Assert.Contains(anomalous, p => !Source.Contains(p)); // displaced
                Assert.All(cloud.Points.Where((_, i) => !cloud.Labels[i]).Take(500), p => Assert.Contains(p, Source));
                break;
        }
    }

    [Fact]
    public void A_dent_goes_into_the_part_and_a_bump_out_of_it()
    {
        var options = new SyntheticCloudDefectOptions { Noise = 0, DropFraction = 0, MaxRotationDegrees = 0, MaxTranslation = 0 };
        var generator = new SyntheticCloudDefects(Source, options);
        static float MeanRadius(SyntheticCloud c) => c.Points.Where((_, i) => c.Labels[i]).Average(p => p.Length());
        float sourceMean = Source.Average(p => p.Length());
        SyntheticCloud dent = generator.Defective(CloudDefectKind.Dent, 4), bump = generator.Defective(CloudDefectKind.Bump, 4);

        // The same seed picks the same patch: inwards (closer to the centre) for the dent, outwards for the bump.
        Assert.True(MeanRadius(dent) < MeanRadius(bump), $"dent {MeanRadius(dent)} vs bump {MeanRadius(bump)} (source mean {sourceMean})");
    }

    [Fact]
    public void A_too_small_source_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new SyntheticCloudDefects(Source[..50]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticCloudDefects(Source, new SyntheticCloudDefectOptions { DropFraction = 1 }));
    }
}
